"""Judge briefings against the labels: which stories are noise for a CTO and which relevant items were left out.

    python data/labeled/judge_briefings.py [--briefings var/briefings] [--days 2026-04-14,2026-04-15,2026-04-16]

For each day's `<day>.json` briefing, every story is matched to labeled pool items by its sources' URLs
(query and fragment dropped) and its title. A story whose matched items all carry no label is noise; a
story matching no labeled item is listed as unjudged. A labeled item of that day from the three demo days'
feeds that carries a label and appears in no story is a miss. Note that the shipped model is trained on
these labels: judge a model trained without the demo days (`signaldesk train --labeled` with those items
left out) for an out-of-sample figure.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DAYS_FILE = "2026-04-14_16-real-items.jsonl"  # the pool's source_file for the three demo days


def _url(url: str) -> str:
    url = re.sub(r"[?#].*$", "", (url or "").strip().lower()).rstrip("/")
    return re.sub(r"^https?://(www\.)?", "", url)


def judge(briefing: dict, pool: list[dict], day: str) -> dict:
    by_url = {_url(row["url"]): row for row in pool}
    by_title = {row["title"].strip().lower(): row for row in pool}
    noise, unjudged, seen = [], [], set()
    for story in briefing["stories"]:
        rows = [by_url[u] for u in (_url(s["url"]) for s in story["sources"]) if u in by_url]
        if (row := by_title.get(story["title"].strip().lower())) is not None:
            rows.append(row)
        seen.update(row["id"] for row in rows)
        if not rows:
            unjudged.append(story["title"])
        elif not any(row["labels"] for row in rows):
            noise.append({"title": story["title"], "tagged": story["categories"]})
    relevant = [r for r in pool if r["date"] == day and r["labels"] and r.get("source_file") == DAYS_FILE]
    missed = [{"title": r["title"], "labels": r["labels"]} for r in relevant if r["id"] not in seen]
    return {
        "stories": len(briefing["stories"]),
        "noise": noise,
        "unjudged": unjudged,
        "relevant": len(relevant),
        "missed": missed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefings", type=Path, default=Path("var/briefings"))
    parser.add_argument("--labeled", type=Path, default=HERE / "signals-pool.jsonl")
    parser.add_argument("--days", default="2026-04-14,2026-04-15,2026-04-16")
    args = parser.parse_args()
    pool = [json.loads(line) for line in args.labeled.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = {}
    for day in args.days.split(","):
        path = args.briefings / f"{day}.json"
        if not path.is_file():
            raise SystemExit(f"{path}: no briefing for {day} (run `signaldesk brief --date {day}` first)")
        report[day] = judge(json.loads(path.read_text(encoding="utf-8")), pool, day)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
