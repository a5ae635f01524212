"""Build the unlabeled pool `pool.jsonl` from the project's shared real data.

Sources, read in this order (ids p0001... follow it, so the pool is stable):
  1. data/days/2026-04-14_16-real-items.jsonl      three real days (byte-pipe/tech-news)
  2. data/sources/*.{xml,atom}                      feed copies (see data/sources/INDEX.md), parsed with feedparser
  3. data/sources/techmeme-feed-item-examples.json  two real Techmeme feed items
The CISA KEV catalogue (cisa-kev-*.json) and the Techmeme homepage HTML are not news items and are left out.

Dropped: exact duplicates (same URL or same title, case and spacing ignored) and every item already in
signals-dev.jsonl. Techmeme headlines lose their "(Author/Publication)" credit, which becomes `publication`.

    python data/labeled/build_pool.py [--shared PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared"  # <workspace>/shared beside the repository
DAYS_FILE = "data/days/2026-04-14_16-real-items.jsonl"
FEED_FILES = [  # (file under data/sources, publication; None = from the Techmeme credit)
    ("bleepingcomputer-feed-2025-07-24.xml", "BleepingComputer"),
    ("cisa-cybersecurity-advisories-2025-07-24.xml", "CISA"),
    ("securityweek-feed-2025-07-24.xml", "SecurityWeek"),
    ("techcrunch-feed-2023-08-16.xml", "TechCrunch"),
    ("techmeme-derived-feed-2026-02-13.xml", None),
    ("theregister-bootnotes-atom-2012-11-02.atom", "The Register"),
]
TECHMEME_EXAMPLES = "techmeme-feed-item-examples.json"
MAX_SUMMARY = 600

CREDIT = re.compile(r"\s*\((?:[^()/]+/)?([^()/]+)\)\s*$")  # "(Author/Publication)" or "(Publication)"
PERMALINK_DAY = re.compile(r"techmeme\.com/(\d{2})(\d{2})(\d{2})/")


def plain(text: str | None) -> str:
    """HTML to plain text: tags dropped, entities decoded, spacing collapsed."""
    if not text:
        return ""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"(?s)<[^>]+>", " ", text)
    text = html.unescape(text).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def clip(text: str, limit: int = MAX_SUMMARY) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + " …"


def split_credit(title: str) -> tuple[str, str | None]:
    m = CREDIT.search(title)
    if not m:
        return title.strip(), None
    return title[: m.start()].strip(), m.group(1).strip()


def techmeme_excerpt(summary: str) -> str:
    """'Publication: headline — excerpt' or 'Author / Publication: headline — excerpt' -> excerpt."""
    return summary.split(" — ", 1)[1].strip() if " — " in summary else summary


def entry_date(entry) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return datetime(*parsed[:6], tzinfo=UTC).date().isoformat()
    return ""


def from_days(shared: Path):
    name = Path(DAYS_FILE).name
    with open(shared / DAYS_FILE, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            yield {
                "title": plain(row.get("title")),
                "summary": clip(plain(row.get("description"))),
                "publication": row.get("publication") or "",
                "date": (row.get("date") or "")[:10],
                "url": row.get("url") or "",
                "source_file": name,
            }


def from_feed(shared: Path, name: str, publication: str | None):
    feed = feedparser.parse(str(shared / "data" / "sources" / name))
    for entry in feed.entries:
        title = plain(entry.get("title"))
        summary = plain(entry.get("summary"))
        pub = publication
        if publication is None:  # Techmeme: the credit names the outlet
            title, pub = split_credit(title)
            summary = techmeme_excerpt(summary)
        summary = re.sub(r"\s*The post .* appeared first on [^.]+\.\s*$", "", summary)  # WordPress footer
        summary = re.sub(r"\s*\[(?:\.\.\.|…)\]\s*$", "", summary)
        yield {
            "title": title,
            "summary": clip(summary),
            "publication": pub or "",
            "date": entry_date(entry),
            "url": entry.get("link") or "",
            "source_file": name,
        }


def from_techmeme_examples(shared: Path):
    path = shared / "data" / "sources" / TECHMEME_EXAMPLES
    for item in json.loads(path.read_text(encoding="utf-8")):
        title, pub = split_credit(plain(item.get("title")))
        summary = techmeme_excerpt(plain(item.get("description_html")))
        date = ""
        if item.get("pubDate"):
            date = parsedate_to_datetime(item["pubDate"]).astimezone(UTC).date().isoformat()
        elif m := PERMALINK_DAY.search(item.get("link") or ""):
            date = f"20{m.group(1)}-{m.group(2)}-{m.group(3)}"
        yield {
            "title": title,
            "summary": clip(summary),
            "publication": pub or "",
            "date": date,
            "url": item.get("link") or "",
            "source_file": TECHMEME_EXAMPLES,
        }


def title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


def build(shared: Path, dev: Path):
    seen_urls, seen_titles = set(), set()
    with open(dev, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                seen_urls.add(row.get("url"))
                seen_titles.add(title_key(row.get("title", "")))
    dev_urls, dev_titles = set(seen_urls), set(seen_titles)

    streams = [from_days(shared)]
    streams += [from_feed(shared, name, pub) for name, pub in FEED_FILES]
    streams.append(from_techmeme_examples(shared))

    pool, stats = [], Counter()
    for stream in streams:
        for item in stream:
            src = item["source_file"]
            stats[(src, "read")] += 1
            url, tkey = item["url"], title_key(item["title"])
            if not item["title"]:
                stats[(src, "empty")] += 1
                continue
            if url in dev_urls or tkey in dev_titles:
                stats[(src, "in dev set")] += 1
                continue
            if (url and url in seen_urls) or tkey in seen_titles:
                stats[(src, "duplicate")] += 1
                continue
            seen_urls.add(url)
            seen_titles.add(tkey)
            pool.append(item)
            stats[(src, "kept")] += 1
    pool = [{"id": f"p{i:04d}", **item} for i, item in enumerate(pool, 1)]
    return pool, stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the workspace's shared/ folder")
    ap.add_argument("--dev", type=Path, default=HERE / "signals-dev.jsonl", help="labeled set to exclude")
    ap.add_argument("--out", type=Path, default=HERE / "pool.jsonl")
    args = ap.parse_args(argv)

    pool, stats = build(args.shared, args.dev)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in pool)

    files = list(dict.fromkeys(src for src, _ in stats))
    print(f"{'source file':48} {'read':>5} {'dev':>5} {'dup':>5} {'kept':>5}")
    for src in files:
        print(
            f"{src:48} {stats[(src, 'read')]:5} {stats[(src, 'in dev set')]:5} "
            f"{stats[(src, 'duplicate')]:5} {stats[(src, 'kept')]:5}"
        )
    print(
        f"{'total':48} {sum(v for (s, k), v in stats.items() if k == 'read'):5} "
        f"{sum(v for (s, k), v in stats.items() if k == 'in dev set'):5} "
        f"{sum(v for (s, k), v in stats.items() if k == 'duplicate'):5} {len(pool):5}"
    )
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
