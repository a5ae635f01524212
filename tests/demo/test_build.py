"""The snapshot builder: reproducible, faithful to the shared data, small, attributed."""

from __future__ import annotations

import json

import pytest

from core.errors import InputError
from pipeline.demo import SNAPSHOT
from pipeline.demo.build import main as build_main
from pipeline.demo.build import read_days
from pipeline.demo.feeds import published_at
from pipeline.demo.kev import trim_catalogue
from pipeline.demo.outlets import COPIES, KEV_SOURCE

HAND_WRITTEN = {"ATTRIBUTION.md", ".gitattributes"}


def _tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rebuild_matches_committed_snapshot_byte_for_byte(shared_dir, tmp_path):
    assert build_main(["--shared", str(shared_dir), "--out", str(tmp_path / "snap")]) == 0
    rebuilt = _tree(tmp_path / "snap")
    committed = {k: v for k, v in _tree(SNAPSHOT).items() if k not in HAND_WRITTEN}
    assert sorted(rebuilt) == sorted(committed)
    changed = [name for name in rebuilt if rebuilt[name] != committed[name]]
    assert changed == [], f"committed snapshot is stale, rerun python -m pipeline.demo.build: {changed}"


def test_rebuild_over_itself_drops_stale_generated_files(shared_dir, tmp_path):
    out = tmp_path / "snap"
    (out / "feeds").mkdir(parents=True)
    (out / "feeds" / "gone.xml").write_text("<rss/>")
    build_main(["--shared", str(shared_dir), "--out", str(out)])
    assert not (out / "feeds" / "gone.xml").exists()
    assert (out / "feeds" / "techcrunch.xml").exists()


def test_copies_are_byte_exact_except_the_trimmed_kev(shared_dir):
    for copy in COPIES:
        original = (shared_dir / "data" / "sources" / copy.source).read_bytes()
        served = (SNAPSHOT / copy.path).read_bytes()
        assert (served == original) == (copy.source != KEV_SOURCE), copy.source


def test_kev_keeps_newest_and_the_whole_month_in_cisa_layout(shared_dir):
    original = json.loads((shared_dir / "data" / "sources" / KEV_SOURCE).read_bytes())
    trimmed_bytes = (SNAPSHOT / "copies" / KEV_SOURCE).read_bytes()
    trimmed = json.loads(trimmed_bytes)
    ids = [v["cveID"] for v in trimmed["vulnerabilities"]]
    newest = sorted(original["vulnerabilities"], key=lambda v: v["dateAdded"], reverse=True)[:150]
    august = [v["cveID"] for v in original["vulnerabilities"] if v["dateAdded"].startswith("2025-08")]
    assert set(ids) >= {v["cveID"] for v in newest} | set(august)
    assert trimmed["count"] == len(ids) == len(set(ids))
    assert trimmed["catalogVersion"] == original["catalogVersion"]
    assert b"https:\\/\\/" in trimmed_bytes and b"https://" not in trimmed_bytes


def test_kev_trim_takes_a_month_outside_the_newest(tmp_path):
    entries = [{"cveID": f"CVE-{i}", "dateAdded": f"2024-{m:02d}-01"} for i, m in enumerate([5, 4, 3, 2, 1])]
    raw = json.dumps({"title": "t", "count": 5, "vulnerabilities": entries}).encode()
    kept = json.loads(trim_catalogue(raw, recent=2, month="2024-02", where="kev"))
    assert [v["cveID"] for v in kept["vulnerabilities"]] == ["CVE-0", "CVE-1", "CVE-3"]
    assert kept["count"] == 3


def test_kev_trim_rejects_a_file_that_is_not_a_catalogue():
    with pytest.raises(InputError, match="kev.json: not a KEV catalogue"):
        trim_catalogue(b'{"vulns": []}', recent=2, month="2024-02", where="kev.json")


def test_snapshot_stays_small_and_every_served_file_is_attributed():
    files = _tree(SNAPSHOT)
    assert sum(len(b) for b in files.values()) < 3_000_000
    attribution = files["ATTRIBUTION.md"].decode()
    served = [name for name in files if name.startswith(("feeds/", "copies/"))]
    assert len(served) == 23
    assert [name for name in served if f"`{name}`" not in attribution] == []


def test_time_of_day_comes_from_a_same_day_fetch_else_noon_utc():
    same_day = published_at({"date": "2026-04-15", "fetched_at": "2026-04-15T20:02:11.993"})
    later = published_at({"date": "2026-04-13", "fetched_at": "2026-04-14T20:22:38.98"})
    assert same_day.isoformat() == "2026-04-15T20:02:11+00:00"
    assert later.isoformat() == "2026-04-13T12:00:00+00:00"


def test_a_bad_days_line_is_an_error_naming_the_line(tmp_path):
    days = tmp_path / "days.jsonl"
    good = {
        "title": "t",
        "url": "https://x.test/a",
        "description": "d",
        "date": "2026-04-15",
        "publication": "Wired",
        "fetched_at": "2026-04-15T20:00:00",
    }
    days.write_text(json.dumps(good) + "\n" + json.dumps({**good, "publication": "Nowhere Times"}) + "\n")
    with pytest.raises(InputError, match=r"days.jsonl:2: no outlet profile for publication 'Nowhere Times'"):
        read_days(days)
    days.write_text(json.dumps({k: v for k, v in good.items() if k != "url"}) + "\n")
    with pytest.raises(InputError, match=r"days.jsonl:1: missing field\(s\) url"):
        read_days(days)


def test_builder_reports_a_missing_shared_folder_without_a_traceback(tmp_path, capsys):
    assert build_main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "snap")]) == 2
    err = capsys.readouterr().err
    assert "days file not found" in err and "Traceback" not in err
    assert not (tmp_path / "snap").exists()
