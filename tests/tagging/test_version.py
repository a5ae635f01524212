"""The tagger version follows every module that decides a tag, found from the tagger's own imports."""

from __future__ import annotations

from pathlib import Path

from pipeline.tagging import version
from pipeline.tagging.version import deciding_modules, tree_hash

DECIDING = (
    "pipeline.tagging.tagger",
    "pipeline.tagging.rules",
    "pipeline.tagging.matching",
    "pipeline.tagging.regexes",
    "pipeline.tagging.prefilter",
    "pipeline.tagging.regex_syntax",
    "pipeline.tagging.combine",
    "pipeline.tagging.orgs",
    "pipeline.tagging.money",
)


def test_the_modules_that_decide_a_tag_are_all_found():
    found = deciding_modules()
    assert set(DECIDING) <= set(found)
    # training and evaluation tools decide nothing at tagging time
    assert not {"pipeline.tagging.train", "pipeline.tagging.evaluate"} & set(found)
    assert all(path.is_file() and path.suffix == ".py" for path in found.values())


def test_a_lazy_import_inside_a_function_counts(tmp_path, monkeypatch):
    package = tmp_path / "toy"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "entry.py").write_text("def tag():\n    from toy import helper\n    return helper.X\n")
    (package / "helper.py").write_text("from .deep import Y\nX = Y\n")
    (package / "deep.py").write_text("Y = 1\n")
    (package / "unused.py").write_text("Z = 2\n")
    monkeypatch.setattr(version, "_ROOT", tmp_path)
    assert set(deciding_modules("toy.entry")) == {"toy", "toy.entry", "toy.helper", "toy.deep"}


def test_any_byte_of_a_deciding_file_changes_the_hash(tmp_path):
    files = [tmp_path / "a.py", tmp_path / "b.json"]
    for path in files:
        path.write_text("x = 1\n")
    before = tree_hash(files, tmp_path)
    files[1].write_text("x = 2\n")
    assert tree_hash(files, tmp_path) != before
    assert Path(version.__file__) in deciding_modules().values()
