"""Tagger throughput next to the bare spaCy tokenizer on the same texts, and the loaded tagger's memory.

    .venv/bin/python bench/bench_tagger.py [--quick] [--labeled PATH]

Texts are headline + summary pairs: the labeled development set when present, otherwise built-in sample
headlines, repeated to the bench size. Both sides run in this one process, one after the other, on the
same texts, in alternating rounds (tokenizer, tagger, tokenizer, ...) after a warm-up of both (spaCy's
tokenizer caches what it has seen: a cold first pass flatters any ratio against it). Each side is rated by
its best round, the usual guard against other processes on a shared machine; the median of the per-round
ratios is printed next to it. Targets: >= 5,000 docs/s and >= 0.3x the tokenizer.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROUNDS = 6
BARE = "bare spacy.blank('en') tokenizer"
DEV_SET = ROOT / "data" / "labeled" / "signals-dev.jsonl"
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


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def rounds(blank, tagger, items, composed, count: int) -> tuple[float, float, float]:
    """(tokenizer docs/s, tagger docs/s, median per-round ratio): rates from each side's best round."""
    size = max(1, count // ROUNDS)
    bare_times, tagged_times = [], []
    for start in range(0, size * ROUNDS, size):
        chunk, texts_ = items[start : start + size], composed[start : start + size]
        bare_times.append(timed(lambda texts_=texts_: deque(blank.pipe(texts_, batch_size=256), maxlen=0)))
        tagged_times.append(timed(lambda chunk=chunk: deque(tagger.tag_many(chunk, batch_size=256), maxlen=0)))
    ratios = [bare / tagged for bare, tagged in zip(bare_times, tagged_times, strict=True)]
    return size / min(bare_times), size / min(tagged_times), statistics.median(ratios)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run (3,000 docs) for a smoke check")
    parser.add_argument("--labeled", type=Path, default=DEV_SET)
    args = parser.parse_args()
    count = 3_000 if args.quick else 30_000

    import spacy

    from bench.common import emit
    from pipeline.tagging import load_tagger
    from pipeline.tagging.text import compose

    items = texts(args.labeled, count)
    composed = [compose(*item) for item in items]
    blank = spacy.blank("en")
    tagger = load_tagger()
    list(tagger.tag_many(items[:500]))  # warm caches (pattern matchers, langid model) outside the timing
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"tagger {tagger.version}; {count:,} documents; loaded peak RSS {rss_mb:.0f} MB (target < 300 MB)")

    deque(blank.pipe(composed[:500], batch_size=256), maxlen=0)  # the same warm-up the tagger had
    tokenizer, tagged, median = rounds(blank, tagger, items, composed, count)
    print(f"{BARE:<34} {tokenizer:>10,.0f} docs/s (best of {ROUNDS} rounds)")
    print(f"{'tagger.tag_many':<34} {tagged:>10,.0f} docs/s (best of {ROUNDS} rounds)")
    print(
        f"ratio tagger / tokenizer: {tagged / tokenizer:.2f} (target >= 0.30); median of the rounds' ratios "
        f"{median:.2f}; throughput target 5,000 docs/s: {'met' if tagged >= 5000 else 'NOT met'}"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS after the run: {peak_mb:.0f} MB")
    emit(
        "tagger",
        {
            "tagger_per_s": round(tagged),
            "tokenizer_per_s": round(tokenizer),
            "ratio": round(tagged / tokenizer, 3),
            "median_ratio": round(median, 3),
            "rss_mb": round(peak_mb),
            "docs": count,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
