"""The fuzz command: every target of tests/fuzz/targets.py with far more inputs than the test suite gives it.

Run: .venv/bin/python bench/fuzz.py [--examples N] [--seconds S] [--seed K] [--only NAME ...]

Two lanes run side by side, one per core: the grammar lane (hypothesis strategies, in this process) and
the coverage lane (atheris/libFuzzer on raw bytes, one worker process per target, seeded from the same
grammar). Each lane has S seconds; a target gets its share of what is left when its turn comes and stops
early at its share of N inputs, so time a cheap target does not need goes to the slow ones after it.
Prints one row per target; exits 1 when any input crashed or produced unsanitized or contract-breaking
output. Failing inputs are saved under tests/fuzz/crashes/ and replayed by tests/fuzz/test_regressions.py.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests.fuzz.record import Tally, run_one, save_artifact  # noqa: E402
from tests.fuzz.targets import TARGETS  # noqa: E402

GRAMMAR_PART = 0.3  # of each target's input budget; the coverage lane runs the rest
BATCH = 50  # hypothesis examples per seeded batch: the lane checks its clock between batches


def grammar_lane(target, quota: int, seconds: float, base_seed: int) -> Tally:
    tally, stop_at, batch_number = Tally(), time.monotonic() + seconds, 0
    while tally.inputs < quota and time.monotonic() < stop_at:
        before = tally.inputs

        def body(sample) -> None:  # a new function per batch: hypothesis decorates each test once
            run_one(target, sample, tally)

        config = settings(
            max_examples=min(BATCH, quota - tally.inputs),
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        seed(base_seed + batch_number)(given(target.strategy)(config(body)))()
        batch_number += 1
        if tally.inputs == before:
            break  # the strategy has nothing new to give
    return tally


def coverage_lane(target, quota: int, seconds: float, base_seed: int) -> Tally:
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{target.name}-") as work:
        out, corpus = Path(work) / "stats.json", Path(work) / "corpus"
        corpus.mkdir()
        command = [
            sys.executable,
            "-m",
            "tests.fuzz.coverage",
            target.name,
            "--runs",
            str(quota),
            "--seconds",
            str(seconds),
            "--out",
            str(out),
            "--corpus",
            str(corpus),
            f"-seed={base_seed}",
        ]
        log = Path(work) / "libfuzzer.log"
        try:
            with log.open("wb") as sink:
                code = subprocess.run(
                    command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, timeout=seconds + 300
                ).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
        if out.exists():
            return Tally(**json.loads(out.read_text(encoding="utf-8")))
        return _worker_died(target, Path(work), code, log)


def _worker_died(target, work: Path, code, log: Path) -> Tally:
    """libFuzzer stopped the worker (hang, memory) or it could not start: one crash, its input kept."""
    tally = Tally(crashes=1)
    artifacts = [p for p in work.iterdir() if p.name.split("-")[0] in ("crash", "timeout", "oom", "leak")]
    for artifact in artifacts:
        tally.saved[f"libFuzzer {artifact.name.split('-')[0]}"] = save_artifact(
            target, artifact.read_bytes(), artifact.name.split("-")[0]
        )
    if not artifacts:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        tally.saved[f"worker exit {code}"] = " | ".join(tail)
    return tally


def run_lane(lane, targets, budget: dict[str, int], seconds: float, base_seed: int, results: dict) -> None:
    stop_at, total_share = time.monotonic() + seconds, sum(t.share for t in targets)
    remaining_share = total_share
    for target in targets:
        # Half its share of the lane is a target's floor, so one that overran cannot starve the ones after it.
        floor = seconds * target.share / total_share / 2
        slice_seconds = max(floor, (stop_at - time.monotonic()) * target.share / remaining_share)
        remaining_share -= target.share
        started = time.monotonic()
        tally = lane(target, budget[target.name], slice_seconds, base_seed)
        results[target.name] = (tally, time.monotonic() - started)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300_000, help="input budget over all targets")
    parser.add_argument("--seconds", type=float, default=220, help="wall time of each lane")
    parser.add_argument("--seed", type=int, default=None, help="reproduce a run (printed at the start)")
    parser.add_argument("--only", nargs="*", default=None, help="target names (default: all)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    base_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    targets = [t for t in TARGETS if not args.only or t.name in args.only]
    total_share = sum(t.share for t in targets)
    quota = {t.name: max(1, round(args.examples * t.share / total_share)) for t in targets}
    covered = [t for t in targets if t.from_bytes]
    grammar_quota = {t.name: round(quota[t.name] * (GRAMMAR_PART if t.from_bytes else 1)) for t in targets}
    coverage_quota = {t.name: quota[t.name] - grammar_quota[t.name] for t in covered}
    print(
        f"fuzz: {len(targets)} targets, seed {base_seed}, {args.seconds:.0f} s per lane, budget {args.examples}",
        flush=True,
    )
    grammar, coverage = {}, {}
    worker = threading.Thread(
        target=run_lane, args=(coverage_lane, covered, coverage_quota, args.seconds, base_seed, coverage), daemon=True
    )
    worker.start()
    run_lane(grammar_lane, targets, grammar_quota, args.seconds, base_seed, grammar)
    worker.join()
    return report(targets, grammar, coverage)


def report(targets, grammar: dict, coverage: dict) -> int:
    header = (
        f"{'target':<16} {'inputs':>8} {'grammar':>8} {'coverage':>8} {'crashes':>7} {'unsanitized':>11} "
        f"{'violations':>10} {'seconds':>8}"
    )
    print(header)
    print("-" * len(header))
    total = Tally()
    for target in targets:
        row, seconds = Tally(), 0.0
        for lane in (grammar, coverage):
            tally, spent = lane.get(target.name, (Tally(), 0.0))
            row.add(tally)
            seconds += spent
        g, c = grammar.get(target.name, (Tally(), 0))[0].inputs, coverage.get(target.name, (Tally(), 0))[0].inputs
        print(
            f"{target.name:<16} {row.inputs:>8} {g:>8} {c:>8} {row.crashes:>7} {row.unsanitized:>11} "
            f"{row.violations:>10} {seconds:>8.1f}"
        )
        total.add(row)
    print("-" * len(header))
    print(
        f"{'total':<16} {total.inputs:>8} {'':>8} {'':>8} {total.crashes:>7} {total.unsanitized:>11} "
        f"{total.violations:>10}"
    )
    for sig, where in sorted(total.saved.items()):
        print(f"  failure {sig}: {where}")
    return 1 if (total.crashes or total.unsanitized or total.violations) else 0


if __name__ == "__main__":
    sys.exit(main())
