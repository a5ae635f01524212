"""`signaldesk train`: the same data give the same artifact, other data another, and a tagger loads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.tagging.version import model_hash

SIGNALDESK = str(Path(sys.executable).parent / "signaldesk")


def _train(labeled: Path, out: Path) -> str:
    subprocess.run(
        [SIGNALDESK, "train", "--labeled", str(labeled), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return model_hash(out)


def test_same_data_same_artifact(tiny_labeled, tmp_path):
    first = _train(tiny_labeled, tmp_path / "a")
    assert _train(tiny_labeled, tmp_path / "b") == first
    fewer = tmp_path / "fewer.jsonl"
    fewer.write_text("".join(tiny_labeled.read_text().splitlines(keepends=True)[1:]))
    assert _train(fewer, tmp_path / "c") != first


def test_trained_artifact_loads_into_a_tagger(tiny_labeled, tmp_path):
    from pipeline.tagging import Tagger

    out = tmp_path / "model"
    digest = _train(tiny_labeled, out)
    tagger = Tagger(model_dir=out)
    assert tagger.version.endswith(f"-m{digest}")
    result = tagger.tag("Hackers breach hospital network")
    assert result.categories and all(c.evidence["model_score"] is not None for c in result.categories)
