"""Tagger throughput next to the bare spaCy tokenizer on the same texts, and the loaded tagger's memory.

    .venv/bin/python bench/bench_tagger.py [--quick] [--labeled PATH]

Texts are headline + summary pairs: the labeled development set when present, otherwise built-in sample
headlines, repeated to the bench size. Both sides run in this one process, one after the other, on the
same texts, so the ratio is fair on a shared machine. Targets: >= 5,000 docs/s and >= 0.3x the tokenizer.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEV_SET = Path("/work/shared/data/labeled/signals-dev.jsonl")
SAMPLES = [
    ("Chip startup Lumen raises $120M Series B at a $1.1B valuation", "The round was led by Index Ventures."),
    ("Critical flaw CVE-2026-1234 in VPN appliances is actively exploited", "CISA urged agencies to patch."),
    ("Utility signs 1.2 GW power deal for new data center campus", "The site will host 100,000 GPUs."),
    ("EU Commission fines platform €500 million under the DMA", "The company said it would appeal."),
    ("AI assistant now costs $20/month for teams", "Over 3 million paying users signed up."),
    ("Best headphones of the year, reviewed", "Our picks for every budget."),
]


def texts(path: Path | None, count: int) -> list[tuple[str, str, str]]:
    base = SAMPLES
    if path and path.exists():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        base = [(r["title"], r.get("summary") or "") for r in rows]
    return [(*base[i % len(base)], "") for i in range(count)]


def rate(label: str, work, count: int) -> float:
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {count / seconds:>10,.0f} docs/s  ({seconds:.2f} s)")
    return count / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run (3,000 docs) for a smoke check")
    parser.add_argument("--labeled", type=Path, default=DEV_SET)
    args = parser.parse_args()
    count = 3_000 if args.quick else 30_000

    import spacy

    from pipeline.tagging import load_tagger
    from pipeline.tagging.text import compose

    items = texts(args.labeled, count)
    composed = [compose(*item) for item in items]
    blank = spacy.blank("en")
    tagger = load_tagger()
    list(tagger.tag_many(items[:500]))  # warm caches (pattern matchers, langid model) outside the timing
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"tagger {tagger.version}; {count:,} documents; loaded peak RSS {rss_mb:.0f} MB (target < 300 MB)")

    tokenizer = rate("bare spacy.blank('en') tokenizer", lambda: deque(blank.pipe(composed, batch_size=256), maxlen=0), count)
    tagged = rate("tagger.tag_many", lambda: deque(tagger.tag_many(items, batch_size=256), maxlen=0), count)
    print(f"ratio tagger / tokenizer: {tagged / tokenizer:.2f} (target >= 0.30); "
          f"throughput target 5,000 docs/s: {'met' if tagged >= 5000 else 'NOT met'}")
    print(f"peak RSS after the run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
