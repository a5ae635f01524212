"""Bad input at the command line's edges is one line naming the file, line or field: never a traceback,
and never the valid input beside it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main

SIGNALDESK = str(Path(sys.executable).parent / "signaldesk")
GOOD = '[[sources]]\nkey = "good"\nkind = "feed"\nurl = "https://a.example/feed"\n'


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("SIGNALDESK_HOME", str(tmp_path / "home"))
    for name in ("SIGNALDESK_DATABASE_URL", "SIGNALDESK_SOURCES_FILE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def one_error_line(argv: list[str], capsys) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "Traceback" not in err and err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("signaldesk: ")
    return err.removeprefix("signaldesk: ").rstrip("\n")


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD + '\n[[sources]]\nkey = "x\nkind = "feed"\n', " line 7: Illegal character '\\n'"),
        (GOOD + '\n[[sources]]\nkey = "x"\nkind = \n', " line 8: Invalid value"),
        ("sources = [1]\n", ": source #1: expected a table"),
        ("[[sources]]\nkey = 'x'\nkind = 'rss'\nurl = 'https://a.example/'\n", ": source #1 (key 'x'): field 'kind'"),
    ],
)
def test_a_sources_file_that_cannot_be_read_or_holds_no_valid_entry_is_one_error_line(
    tmp_path, env, capsys, text, message
):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    assert one_error_line(["sources", "list", "--sources", str(path)], capsys).startswith(f"{path}{message}")


# One bad entry beside a good one: the good source is listed, the bad entry is one warning line and the exit
# status stays 0, so a typo in one entry does not stop a cron run's other sources.
@pytest.mark.parametrize(
    "text, message",
    [
        (
            GOOD + "\n[[sources]]\nkey = 'x'\nkind = 'feed'\nurl = 5\n",
            ": source #2 (key 'x'): field 'url' must be a string",
        ),
        (
            GOOD + "\n[[sources]]\nkey = 'x'\nurl = 'https://a.example/'\n",
            ": source #2 (key 'x'): field 'kind' is missing",
        ),
        (
            GOOD + "\n[[sources]]\nkey = 'x'\nkind = 'rss'\nurl = 'https://a.example/'\n",
            ": source #2 (key 'x'): field 'kind': unknown kind 'rss'",
        ),
        (
            GOOD + "\n[[sources]]\nkey = 'x'\nkind = 'feed'\nurl = 'https://a.example:99999/'\n",
            ": source #2 (key 'x'): field 'url' 'https://a.example:99999/' is not an absolute http(s) URL",
        ),
        (
            GOOD + "\n[[sources]]\nkey = 'x'\nkind = 'feed'\nurll = 'https://a.example/'\n",
            ": source #2 (key 'x'): unknown field 'urll'",
        ),
        (
            GOOD + "\n[[sources]]\nkey = 'x'\nname = \"Two\\nlines\"\nkind = 'feed'\nurl = 'https://a.example/'\n",
            ": source #2 (key 'x'): field 'name' holds a control character ('Two\\nlines')",
        ),
        (
            GOOD + "\n[[sources]]\nkey = 7\nkind = 'feed'\nurl = 'https://a.example/'\n",
            ": source #2: field 'key' must be a string, not int",
        ),
        (GOOD + "\n[[sources]]\n", ": source #2: field 'key' is missing"),
        (GOOD + GOOD.replace("https://a", "https://b"), ": source #2 (key 'good'): duplicate key 'good'"),
    ],
)
def test_a_bad_entry_is_one_warning_line_and_the_good_source_beside_it_is_kept(tmp_path, env, capsys, text, message):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    code = main(["sources", "list", "--sources", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines()[1:] == ["good                   feed      press       on  https://a.example/feed"]
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"signaldesk: {path}{message}") and err.endswith(" (skipped)\n"), err


def test_a_sources_file_that_is_not_utf8_or_not_a_file_is_one_line(tmp_path, env, capsys):
    latin = tmp_path / "latin.toml"
    latin.write_bytes(GOOD.replace("good", "caf\xe9").encode("latin-1"))
    assert one_error_line(["sources", "list", "--sources", str(latin)], capsys).startswith(f"{latin}: not UTF-8")
    folder = one_error_line(["sources", "list", "--sources", str(tmp_path)], capsys)
    assert folder.startswith(f"{tmp_path}: cannot read")


def test_an_error_naming_a_line_break_stays_one_line(tmp_path, env, capsys):
    path = tmp_path / "two\nlines\x1b[2J.toml"
    line = one_error_line(["sources", "list", "--sources", str(path)], capsys)
    assert line == f"{tmp_path}/two\\nlines\\x1b[2J.toml: file not found"


@pytest.mark.parametrize(
    "url, message",
    [
        ("garbage", "not a database URL"),
        ("mysql://ada:Pa55-s3cret@127.0.0.1/signals", "unsupported database 'mysql'"),
        ("postgresql+psycopg://ada:Pa55-s3cret@127.0.0.1:54x2/signals", "not a database URL"),
        ("postgresql+psycopg://ada:Pa55-s3cret@127.0.0.1:70000/signals", "port 70000 is out of range"),
        ("postgresql+nosuchdriver://ada:Pa55-s3cret@127.0.0.1/signals", "no installed driver 'nosuchdriver'"),
        ("postgresql+asyncpg://ada:Pa55-s3cret@127.0.0.1/signals", "driver 'asyncpg' is asynchronous"),
    ],
)
@pytest.mark.parametrize("command", [["db", "current"], ["brief", "--date", "2026-04-15"]])
def test_a_bad_database_url_is_one_config_line_without_the_password(env, capsys, url, message, command):
    env.setenv("SIGNALDESK_DATABASE_URL", url)
    line = one_error_line(command, capsys)
    assert line.startswith(f"SIGNALDESK_DATABASE_URL: {message}")
    assert "s3cret" not in line and "Pa55" not in line


@pytest.mark.slow
def test_tag_reports_each_bad_line_and_tags_every_good_one():
    good = [json.dumps({"id": n, "title": f"Nvidia buys power plant number {n}"}).encode() for n in (1, 3, 5, 7, 9)]
    bad = {
        2: b"[" * 100_000 + b"]" * 100_000,  # nested beyond the recursion limit
        4: b'{"id": 4, "title": "x", "n": ' + b"9" * 5000 + b"}",  # an integer too long to convert
        6: b'{"id": 6, "title": "caf\xe9 latin-1"}',  # not UTF-8
        8: b'{"id": "\\ud800", "title": "a lone surrogate id"}',  # JSON, but no UTF-8 output
        10: b'{"id": 10, "title": ["not", "a", "string"]}',
    }
    lines = [good[(n - 1) // 2] if n % 2 else bad[n] for n in range(1, 11)]
    done = subprocess.run([SIGNALDESK, "tag"], input=b"\n".join(lines) + b"\n", capture_output=True, timeout=300)
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [1, 3, 5, 7, 9]
    reported = stderr.splitlines()
    assert [line.split(":", 1)[0] for line in reported] == [f"<stdin> line {n}" for n in sorted(bad)], stderr
    assert "not valid JSON" in reported[0] and "not valid UTF-8" in reported[2] and "'id'" in reported[3]
    assert "field 'title' must be a string" in reported[4]
    assert done.returncode == 1


@pytest.mark.parametrize("command", [["db", "current"], ["brief", "--date", "2026-04-15"]])
def test_a_database_nobody_answers_is_one_store_line_without_the_password(env, capsys, command):
    with socket.socket() as probe:  # a loopback port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.setenv("SIGNALDESK_DATABASE_URL", f"postgresql+psycopg://ada:Pa55-s3cret@127.0.0.1:{port}/signals")
    line = one_error_line(command, capsys)
    assert line.startswith("database: ") and f"port {port}" in line and "Pa55-s3cret" not in line


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_tag_refuses_an_id_it_could_not_write_back_as_json(constant):
    from core.errors import InputError
    from pipeline.tagging.stream import parse_line

    with pytest.raises(InputError, match="line 3: field 'id' is not a finite number"):
        parse_line(f'{{"id": {constant}, "title": "x"}}'.encode(), 3)
    assert parse_line(b'{"id": 1.5, "title": "x"}', 4)[0] == 1.5
