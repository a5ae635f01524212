"""`signaldesk sources import`: a bad outline is one line naming it and is left out; the good ones are
imported, and the sources file written is one that loads (the same validation as loading it)."""

from __future__ import annotations

import tomllib

import pytest

from cli import main
from pipeline.sources import SourceSpec, load_sources, to_toml

GOOD = '<outline text="DCD" xmlUrl="https://dcd.example/rss"/>'
BAD_OUTLINES = {
    "newline in title": '<outline text="Line&#10;break" xmlUrl="https://a.example/1"/>',
    "DEL in title": '<outline text="Del\x7fete" xmlUrl="https://a.example/2"/>',
    "C1 control in title": '<outline text="Csi\x9b31m" xmlUrl="https://a.example/3"/>',
    "newline in url": '<outline text="Url" xmlUrl="https://a.example/&#10;4"/>',
    "ftp url": '<outline text="Ftp" xmlUrl="ftp://a.example/5"/>',
    "javascript url": '<outline text="Js" xmlUrl="javascript:alert(1)"/>',
    "bad port": '<outline text="Port" xmlUrl="https://a.example:99999/6"/>',
    "tab in title": '<outline text="Tab&#9;bed" xmlUrl="https://a.example/7"/>',
    "bidi control": '<outline text="Evil\u202etxt" xmlUrl="https://a.example/8"/>',
    "unknown kind": '<outline text="Kind" signaldeskKind="gopher" xmlUrl="https://a.example/9"/>',
    "duplicate key": '<outline text="Dup" signaldeskKey="techmeme" xmlUrl="https://a.example/10"/>',
}


def opml(*outlines: str) -> bytes:
    body = "\n".join(outlines)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><body>\n{body}\n</body></opml>\n'.encode()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SIGNALDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SIGNALDESK_SOURCES_FILE", raising=False)
    return tmp_path / "home"


def run_import(tmp_path, data: bytes, capsys) -> tuple[int, str, str]:
    path = tmp_path / "feeds.opml"
    path.write_bytes(data)
    code = main(["sources", "import", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", BAD_OUTLINES)
def test_a_bad_outline_is_one_line_naming_it_and_the_good_one_is_imported(tmp_path, home, capsys, case):
    code, out, err = run_import(tmp_path, opml(GOOD, BAD_OUTLINES[case]), capsys)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith(f"signaldesk: {tmp_path / 'feeds.opml'} line 4: outline ")
    assert lines[0].isprintable()  # terminal-safe: no raw control character reaches the terminal
    assert "imported 1 new source(s)" in out and "1 skipped" in out
    specs = load_sources(home / "sources.toml", include_disabled=True)
    assert "https://dcd.example/rss" in {s.url for s in specs}
    assert not {s.url for s in specs} & {f"https://a.example/{n}" for n in range(1, 11)}


def test_the_written_file_reads_back_every_character(tmp_path, home, capsys):
    names = ['Quote " and \\ backslash', 'Triple """ quotes', "Ünïcödé — 日本 😀", "Tab\tinside", "Lit'eral'''"]
    outlines = [
        f'<outline text="{n.replace(chr(34), "&quot;").replace(chr(9), "&#9;")}" '
        f'xmlUrl="https://u.example/{i}?a=1&amp;b=&quot;2&quot;"/>'
        for i, n in enumerate(names)
    ]
    code, _, err = run_import(tmp_path, opml(*outlines), capsys)
    assert code == 1 and err.splitlines() == [err.strip()] and "outline 'Tab\\tinside'" in err
    raw = (home / "sources.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    read = {entry["url"]: entry["name"] for entry in data["sources"]}
    expected = {f'https://u.example/{i}?a=1&b="2"': n for i, n in enumerate(names) if "\t" not in n}
    assert {url: read.get(url) for url in expected} == expected


def test_to_toml_escapes_what_a_basic_string_cannot_hold():
    names = ['a"b', "c\\d", '"""', "\x00\x1f\x7f\n\r\b\f", "é😀", "\\u0041", "x\\"]
    specs = [SourceSpec(f"k{i}", name, "feed", "https://x.example/", "press") for i, name in enumerate(names)]
    text = to_toml(specs)
    assert [entry["name"] for entry in tomllib.loads(text)["sources"]] == names


def test_a_title_shared_by_two_feeds_imports_both(tmp_path, home, capsys):
    code, out, err = run_import(
        tmp_path,
        opml(
            '<outline text="News" xmlUrl="https://a.example/news"/>',
            '<outline text="News" xmlUrl="https://b.example/news"/>',
        ),
        capsys,
    )
    assert (code, err) == (0, "")
    keys = {s.url: s.key for s in load_sources(home / "sources.toml", include_disabled=True)}
    assert keys["https://a.example/news"] != keys["https://b.example/news"]


@pytest.mark.parametrize(
    "document, message",
    [
        (b"this is not xml", "line 1: not valid OPML (syntax error)"),
        (b'<?xml version="1.0"?>\n<opml><body>\n<outline text="x"', "line 3: not valid OPML"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY x "EVIL">]>\n<opml><body><outline text="&x;" '
            b'xmlUrl="https://a.example/"/></body></opml>',
            "line 2: declares the entity 'x'",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE opml [\n<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<opml><body>'
            b'<outline text="&x;" xmlUrl="https://a.example/"/></body></opml>',
            "line 3: declares the entity 'x'",
        ),
        (b'<opml><body><outline text="&x;" xmlUrl="https://a.example/"/></body></opml>', "undefined entity"),
        (b"\xff\xfe<\x00o\x00", "not valid OPML"),
        # What XML forbids makes the whole document ill-formed: no conforming parser reads on.
        (opml(GOOD, '<outline text="Red&#x1b;[31m" xmlUrl="https://a.example/3"/>'), "line 4: not valid OPML"),
        (opml(GOOD, '<outline text="Non\uffffchar" xmlUrl="https://a.example/7"/>'), "line 4: not valid OPML"),
    ],
)
def test_a_malformed_opml_is_one_line_and_writes_nothing(tmp_path, home, capsys, document, message):
    code, out, err = run_import(tmp_path, document, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"signaldesk: {tmp_path / 'feeds.opml'} ") and message in err
    assert "EVIL" not in err and "root:" not in err
    assert not (home / "sources.toml").exists()


def test_a_new_sources_file_is_private_and_an_existing_one_keeps_its_mode(tmp_path, home, capsys):
    # Source URLs may carry credentials (user:pass@, ?token=): a file the import creates is the owner's alone.
    run_import(tmp_path, opml(GOOD), capsys)
    target = home / "sources.toml"
    assert target.stat().st_mode & 0o777 == 0o600
    target.chmod(0o640)  # an operator's choice survives the next import
    run_import(tmp_path, opml('<outline text="Other" xmlUrl="https://other.example/rss"/>'), capsys)
    assert target.stat().st_mode & 0o777 == 0o640
    assert "https://other.example/rss" in {s.url for s in load_sources(target, include_disabled=True)}


def test_import_never_rewrites_a_sources_file_holding_a_bad_entry(tmp_path, home, capsys):
    # Loading skips a bad entry; rewriting the file from what loaded would delete it from the operator's file.
    home.mkdir(parents=True)
    target = home / "sources.toml"
    text = (
        '[[sources]]\nkey = "good"\nkind = "feed"\nurl = "https://a.example/f"\n\n'
        '[[sources]]\nkey = "typo"\nkind = "rss"\nurl = "https://b.example/f"\n'
    )
    target.write_text(text, encoding="utf-8")
    code, out, err = run_import(tmp_path, opml(GOOD), capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"signaldesk: {target}: source #2 (key 'typo'): field 'kind': unknown kind 'rss'")
    assert err.count("\n") == 1
    assert target.read_text(encoding="utf-8") == text
