"""`signaldesk brief`: rebuild a day from the store, write the files, print their paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import main


@pytest.fixture
def env(seeded, monkeypatch):
    monkeypatch.setenv("SIGNALDESK_HOME", str(seeded.home))
    monkeypatch.setenv("SIGNALDESK_DATABASE_URL", seeded.db_url)
    return seeded


def test_brief_writes_the_day_and_prints_the_paths(env, capsys):
    assert main(["brief", "--date", "2026-04-15"]) == 0
    printed = [Path(line) for line in capsys.readouterr().out.split()]
    folder = env.home / "briefings"
    assert printed[:2] == [folder / "2026-04-15.json", folder / "2026-04-15.md"]
    assert all(path.exists() for path in printed)
    content = json.loads(printed[0].read_text(encoding="utf-8"))
    assert content["date"] == "2026-04-15" and len(content["stories"]) == 6
    assert printed[1].read_text(encoding="utf-8").startswith("# Signaldesk briefing · 2026-04-15")


def test_brief_categories_accept_spaces_and_commas(env, capsys):
    assert main(["brief", "--date", "2026-04-15", "--categories", "security,policy", "demand"]) == 0
    content = json.loads((env.home / "briefings" / "2026-04-15.json").read_text(encoding="utf-8"))
    assert {s["category"] for s in content["sections"]} <= {"security", "policy", "demand"}
    assert not [s for s in content["stories"] if not {"security", "policy", "demand"} & set(s["categories"])]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["brief", "--date", "15/04/2026"], "--date: '15/04/2026' is not a date (YYYY-MM-DD)"),
        (["brief", "--date", "2026-04-15", "--categories", "sports"], "categories: unknown category 'sports'"),
    ],
)
def test_bad_input_is_one_clear_line(env, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
