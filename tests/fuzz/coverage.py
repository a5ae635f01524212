"""Coverage-guided fuzzing of one target with atheris (libFuzzer), as a worker process of bench/fuzz.py.

    python -m tests.fuzz.coverage TARGET --runs N --seconds S --out stats.json

Our own code and the parsers it leans on are instrumented, so libFuzzer keeps the inputs that reach new
branches. The corpus starts from the target's grammar (the same hypothesis strategy the property tests
use, rendered to bytes) plus, for the feed targets, the recorded fixtures. The worker stops itself after
N inputs or S seconds and writes its tally; libFuzzer's own exit would skip Python's cleanup.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["pipeline", "spiders", "web", "feedparser", "parsel", "w3lib"]):
    from tests.fuzz.record import Tally, run_one
    from tests.fuzz.targets import BY_NAME

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

SEED_EXAMPLES = 30


def to_bytes(sample) -> bytes:
    """The inverse of the targets' `from_bytes`: text as UTF-8, fields joined by NUL, a body as its bytes."""
    if isinstance(sample, tuple) and sample and isinstance(sample[0], bytes):
        return sample[0]
    if isinstance(sample, tuple):
        return "\x00".join(part or "" for part in sample).encode("utf-8", errors="replace")
    return (sample or "").encode("utf-8", errors="replace")


def write_seeds(target, folder: Path) -> None:
    """The grammar's inputs as bytes; checking the first one also loads what the target needs (a model)."""
    samples = []
    grammar = settings(
        max_examples=SEED_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )

    def keep(sample) -> None:
        samples.append(sample)

    given(target.strategy)(grammar(keep))()
    for number, sample in enumerate(samples):
        (folder / f"grammar-{number}").write_bytes(to_bytes(sample))
    run_one(target, target.from_bytes(to_bytes(samples[0])), Tally())
    if target.name == "feed_parse":
        from tests.fuzz.feeds import FEED_FILES
        from tests.support.recorded import recorded

        for name in FEED_FILES:
            data = recorded(name).read_bytes()
            if len(data) <= 16_000:  # small real feeds; large ones slow every mutation down
                (folder / name).write_bytes(data)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.coverage")
    parser.add_argument("target", choices=sorted(name for name, t in BY_NAME.items() if t.from_bytes))
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True, help="an empty folder the caller removes")
    args, libfuzzer_options = parser.parse_known_args(argv)  # the rest (-seed=...) goes to libFuzzer
    target, tally = BY_NAME[args.target], Tally()
    write_seeds(target, args.corpus)
    stop_at = time.monotonic() + args.seconds  # after seeding and warm-up: the slice is for fuzzing

    def one_input(data: bytes) -> None:
        run_one(target, target.from_bytes(data), tally)
        if tally.inputs >= args.runs or time.monotonic() >= stop_at:
            args.out.write_text(json.dumps(tally.__dict__), encoding="utf-8")
            sys.stdout.flush()
            os._exit(0)

    atheris.Setup(
        [
            sys.argv[0],
            "-timeout=30",
            "-rss_limit_mb=4096",
            f"-max_total_time={int(args.seconds) + 60}",
            f"-artifact_prefix={args.out.parent}/",
            *libfuzzer_options,
            str(args.corpus),
        ],
        one_input,
    )
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
