"""`signaldesk tag` as a real subprocess on stdin/stdout, with a malformed line in the middle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SIGNALDESK = str(Path(sys.executable).parent / "signaldesk")


@pytest.mark.slow
def test_tag_stdin_to_stdout_with_a_malformed_line():
    lines = [
        json.dumps({"id": "a", "title": "Quillstream raises $45 million for GPU clouds", "summary": ""}),
        "{not json",
        json.dumps({"id": 7, "title": "Hackers breach hospital network", "summary": "Records stolen."}),
        json.dumps({"title": "no id here"}),
        "",
        json.dumps({"id": "c", "title": "Die Regierung plant ein Gesetz für die künstliche Intelligenz"}),
    ]
    done = subprocess.run(
        [SIGNALDESK, "tag"], input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=300
    )
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7, "c"]
    assert "capital" in out[0]["categories"] and "security" in out[1]["categories"]
    assert out[0]["amounts"] == [
        {"text": "$45 million", "value": 45e6, "currency": "USD", "period": None, "role": "raised"}
    ]
    assert set(out[0]["evidence"]) == set(out[0]["categories"]) == set(out[0]["scores"])
    assert out[2]["language"] == "de" and out[2]["categories"] == []
    assert len({o["tagger_version"] for o in out}) == 1
    assert "line 2" in done.stderr and "line 4" in done.stderr and "Traceback" not in done.stderr
    assert done.returncode == 1


def test_tag_clean_input_exits_zero():
    done = subprocess.run(
        [SIGNALDESK, "tag"],
        input=json.dumps({"id": "x", "title": "Hello"}) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["id"] == "x"


@pytest.mark.slow
def test_tag_stored_tags_documents_in_the_store(sqlite_settings):
    import os
    from datetime import UTC, datetime

    from sqlmodel import select

    from models.db import session_scope
    from models.tables import Document, Signal

    with session_scope(sqlite_settings.db_url) as session:
        session.add(
            Document(
                canonical_url="https://example.test/1",
                original_url="https://example.test/1",
                title="Hackers breach hospital network",
                source_key="test",
                content_hash="h1",
                published_at=datetime(2026, 3, 1, tzinfo=UTC),
            )
        )
    env = {**os.environ, "SIGNALDESK_HOME": str(sqlite_settings.home)}
    done = subprocess.run(
        [SIGNALDESK, "tag", "--stored", "--since", "2026-01-01"], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "tagged 1 documents" in done.stdout
    with session_scope(sqlite_settings.db_url) as session:
        assert [s.category for s in session.exec(select(Signal)).all()] == ["security"]
    bad = subprocess.run(
        [SIGNALDESK, "tag", "--stored", "--since", "yesterday"], capture_output=True, text=True, timeout=120, env=env
    )
    assert bad.returncode == 2 and "--since" in bad.stderr


@pytest.mark.slow
def test_tag_stored_since_reads_the_day_in_the_configured_time_zone(sqlite_settings):
    """An intended change (issue 12): --since 2026-03-02 in Tokyo begins at 2026-03-01 15:00 UTC, as the tag
    flow and the briefing read that day; it used to begin at midnight UTC, which left out the late item."""
    import os
    from datetime import UTC, datetime

    from sqlmodel import select

    from models.db import session_scope
    from models.tables import Document

    published = {
        "before": datetime(2026, 3, 1, 14, 30, tzinfo=UTC),  # 23:30 on 1 March in Tokyo
        "late": datetime(2026, 3, 1, 16, 0, tzinfo=UTC),
    }  # 01:00 on 2 March in Tokyo; 1 March in UTC
    with session_scope(sqlite_settings.db_url) as session:
        for name, at in published.items():
            url = f"https://example.test/{name}"
            session.add(
                Document(
                    canonical_url=url,
                    original_url=url,
                    title=f"Hackers breach hospital network ({name})",
                    source_key="test",
                    content_hash=name,
                    published_at=at,
                )
            )
    env = {**os.environ, "SIGNALDESK_HOME": str(sqlite_settings.home), "SIGNALDESK_TIMEZONE": "Asia/Tokyo"}
    done = subprocess.run(
        [SIGNALDESK, "tag", "--stored", "--since", "2026-03-02"], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "tagged 1 documents" in done.stdout
    with session_scope(sqlite_settings.db_url) as session:
        tagged = {d.content_hash: d.tagged_version is not None for d in session.exec(select(Document)).all()}
    assert tagged == {"before": False, "late": True}
