"""Briefing build time from a large store: cluster, thread, rank and synthesize one day.

Run: .venv/bin/python bench/bench_briefing.py [--docs 1000000] [--repeat 5]
Uses the cached benchmark store (bench/store_builder.py, ~900 documents a day over three years), builds
the briefing of its last full day in a transaction that is rolled back (the store stays as built), and
prints the median and worst build time (target < 2 s at 1,000,000 documents) and the body's word count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import emit  # noqa: E402

DAY = date(2026, 1, 14)  # the last full day of the builder's three years


def build_once(url: str, home: Path) -> tuple[float, int, int]:
    from sqlmodel import Session

    from models.db import get_engine
    from pipeline.briefing import build_briefing, render_markdown
    from pipeline.briefing.text import word_count
    from pipeline.settings import Settings

    settings = Settings(home=home, database_url=url)
    with Session(get_engine(url)) as session:
        t0 = time.perf_counter()
        briefing = build_briefing(session, settings, DAY)
        markdown = render_markdown(briefing)
        elapsed = time.perf_counter() - t0
        session.rollback()
    return elapsed, len(briefing.stories), word_count(markdown)


def measure(n_docs: int, repeat: int) -> dict:
    from bench.store_builder import cached_sqlite_store
    from models.db import upgrade

    url = cached_sqlite_store(n_docs)
    upgrade(url)  # a store cached by an older schema gains the newer columns
    with tempfile.TemporaryDirectory() as home:
        runs = [build_once(url, Path(home)) for _ in range(repeat)]
    times = [r[0] for r in runs]
    return {
        "docs": n_docs,
        "median_s": statistics.median(times),
        "max_s": max(times),
        "stories": runs[0][1],
        "words": runs[0][2],
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    r = measure(args.docs, args.repeat)
    print(f"briefing bench: {r['docs']:,} documents, day {DAY}, {args.repeat} builds (rolled back)")
    print(f"  build time median {r['median_s']:.2f} s, worst {r['max_s']:.2f} s   (target < 2 s)")
    print(f"  {r['stories']} stories, body {r['words']} words   (target < 900 words)")
    emit("briefing", r)
    return r


if __name__ == "__main__":
    main()
