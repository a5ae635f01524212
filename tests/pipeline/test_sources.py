import subprocess
import sys

import pytest

from core.errors import ConfigError
from pipeline.settings import BUNDLED_SOURCES
from pipeline.sources import from_opml, load_sources, parse_sources, to_opml


def write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return path


def test_bundled_sources_are_valid_and_cover_the_required_outlets():
    keys = {s.key for s in load_sources(BUNDLED_SOURCES)}
    assert {
        "techmeme",
        "techmeme-home",
        "nist-news",
        "nist-events",
        "cisa-advisories",
        "cisa-kev",
        "securityweek",
        "bleepingcomputer",
        "datacenterdynamics",
        "theregister",
        "techcrunch",
    } <= keys


@pytest.mark.parametrize(
    "entry, message",
    [
        ('key = "x"\nkind = "rss"\nurl = "https://a.example/f"', "unknown kind 'rss'"),
        ('key = "x"\nkind = "feed"\nurl = "ftp://a.example/f"', "not an absolute http"),
        ('key = "Bad Key"\nkind = "feed"\nurl = "https://a.example/f"', "lowercase slug"),
        ('key = "x"\nkind = "feed"\nurl = "https://a.example/f"\ntier = "gold"', "unknown tier"),
    ],
)
def test_invalid_entries_are_named(tmp_path, entry, message):
    with pytest.raises(ConfigError, match=message) as err:
        load_sources(write(tmp_path, f"[[sources]]\n{entry}\n"))
    assert "sources.toml" in str(err.value)


def test_a_duplicate_key_is_named_and_the_first_entry_kept(tmp_path):
    one = '[[sources]]\nkey = "dup"\nkind = "feed"\nurl = "https://a.example/f"\n'
    warnings: list[str] = []
    specs = load_sources(write(tmp_path, one + one.replace("a.example", "b.example")), warn=warnings.append)
    assert [s.url for s in specs] == ["https://a.example/f"]
    assert warnings == [f"{tmp_path / 'sources.toml'}: source #2 (key 'dup'): duplicate key 'dup'"]
    with pytest.raises(ConfigError, match="duplicate key 'dup'"):
        parse_sources(one + one, "sources.toml")  # what is about to be written may lose no entry


GOOD = '[[sources]]\nkey = "good"\nkind = "feed"\nurl = "https://a.example/f"\n'
TYPO = '[[sources]]\nkey = "typo"\nkind = "rss"\nurl = "https://b.example/f"\n'


def test_one_bad_entry_costs_only_itself_and_is_reported_once(tmp_path):
    warnings: list[str] = []
    specs = load_sources(write(tmp_path, TYPO + GOOD + TYPO.replace("typo", "typo2")), warn=warnings.append)
    assert [s.key for s in specs] == ["good"]
    assert [w.split(" (expected")[0] for w in warnings] == [
        f"{tmp_path / 'sources.toml'}: source #1 (key 'typo'): field 'kind': unknown kind 'rss'",
        f"{tmp_path / 'sources.toml'}: source #3 (key 'typo2'): field 'kind': unknown kind 'rss'",
    ]


def test_a_file_with_no_valid_entry_or_no_toml_is_an_error(tmp_path):
    warnings: list[str] = []
    with pytest.raises(ConfigError, match="source #1 \\(key 'typo'\\): field 'kind'"):
        load_sources(write(tmp_path, TYPO + TYPO.replace("typo", "typo2")), warn=warnings.append)
    with pytest.raises(ConfigError, match="sources.toml line 5"):
        load_sources(write(tmp_path, GOOD + "key = \n"), warn=warnings.append)
    assert warnings == []


def test_unknown_only_key_is_named(tmp_path):
    with pytest.raises(ConfigError, match="unknown source key"):
        load_sources(BUNDLED_SOURCES, only=["nope"])


def test_opml_round_trip_keeps_every_field():
    specs = load_sources(BUNDLED_SOURCES, include_disabled=True)
    assert from_opml(to_opml(specs), "x.opml") == specs


def test_plain_feed_reader_opml_imports_as_feed_sources():
    opml = """<opml version="1.0"><body><outline text="Tech">
      <outline text="Serve The Home" type="rss" xmlUrl="https://www.servethehome.com/feed/"/>
      <outline text="No feed here"/></outline></body></opml>"""
    (spec,) = from_opml(opml, "reader.opml")
    assert (spec.key, spec.kind, spec.url) == ("serve-the-home", "feed", "https://www.servethehome.com/feed/")


def test_broken_opml_is_a_clear_error():
    with pytest.raises(ConfigError, match="reader.opml line 1: not valid OPML"):
        from_opml("<opml><body>", "reader.opml")


def test_cli_import_then_export_round_trips(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text('<opml version="2.0"><body><outline text="DCD" xmlUrl="https://dcd.example/rss"/></body></opml>')
    env = {"SIGNALDESK_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run(
        [sys.executable, "-m", "cli", "sources", *a],  # noqa: E731
        capture_output=True,
        text=True,
        env=env,
    )
    imported = run("import", str(opml))
    assert imported.returncode == 0, imported.stderr
    assert "imported 1 new source" in imported.stdout
    exported = run("export")
    assert 'xmlUrl="https://dcd.example/rss"' in exported.stdout
    assert 'signaldeskKey="techmeme"' in exported.stdout  # the bundled sources came along
    again = run("import", str(opml))
    assert "imported 0 new source" in again.stdout


def test_cli_reports_a_bad_sources_file_without_a_traceback(tmp_path):
    bad = write(tmp_path, '[[sources]]\nkey = "x"\nkind = "gopher"\nurl = "https://a.example/"\n')
    out = subprocess.run(
        [sys.executable, "-m", "cli", "sources", "list", "--sources", str(bad)],
        capture_output=True,
        text=True,
        env={"SIGNALDESK_HOME": str(tmp_path), "PATH": "/usr/bin"},
    )
    assert out.returncode == 2
    assert "unknown kind 'gopher'" in out.stderr and "Traceback" not in out.stderr
