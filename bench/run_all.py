"""Every benchmark in one table, each figure measured side by side with its reference in the same run.

Run: make bench   (or .venv/bin/python bench/run_all.py [--quick] [--skip-postgres])
--quick uses small stores and few repeats so the whole table finishes in about two minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import RESULT_PREFIX  # noqa: E402

PY = sys.executable


def plan(quick: bool, postgres: bool) -> list[tuple[str, list[str]]]:
    steps = [
        (
            "ingest",
            ["bench/bench_ingest.py", "--items", "2000" if quick else "10000", "--repeat", "1" if quick else "3"],
        ),
        ("tagger", ["bench/bench_tagger.py", *(["--quick"] if quick else [])]),
        ("search-sqlite", ["bench/bench_search.py", "--backend", "sqlite", *(["--quick"] if quick else [])]),
        (
            "briefing",
            ["bench/bench_briefing.py", "--docs", "20000" if quick else "1000000", "--repeat", "2" if quick else "5"],
        ),
        ("flow", ["bench/bench_flow.py", "--sources", "2" if quick else "6", "--repeat", "1" if quick else "2"]),
    ]
    if postgres:
        steps.insert(
            3, ("search-postgres", ["bench/bench_search.py", "--backend", "postgres", *(["--quick"] if quick else [])])
        )
    return steps


def run_step(args: list[str], log) -> list[dict]:
    env = {**os.environ, "SIGNALDESK_BENCH_JSON": "1"}
    proc = subprocess.run([PY, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    log.write(f"$ {' '.join(args)}\n{proc.stdout}{proc.stderr}\n")
    results = [
        json.loads(line[len(RESULT_PREFIX) :]) for line in proc.stdout.splitlines() if line.startswith(RESULT_PREFIX)
    ]
    if not results:
        raise RuntimeError(f"{args[0]} printed no result (exit {proc.returncode}); see the log")
    return results


def run_demo(log) -> dict:
    """`signaldesk demo` end to end in a fresh home: wall time and the peak memory of any one process."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "SIGNALDESK_HOME": home}
        env.pop("PREFECT_API_URL", None)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [PY, "-m", "cli", "demo"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    log.write(f"$ signaldesk demo\n{output}\n")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("signaldesk demo failed; see the log")
    return {"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024}


def rows(results: dict) -> list[tuple[str, str, str, str]]:
    out = []
    if "ingest" in results:
        r = results["ingest"][0]
        out.append(
            (
                "ingest: parse + normalize + store",
                f"{r['ingest_per_s']:,.0f} items/s",
                f"feedparser bare parse {r['bare_per_s']:,.0f} items/s",
                f"{r['ratio']:.2f}x (>= 0.5)",
            )
        )
    if "tagger" in results:
        r = results["tagger"][0]
        out.append(
            (
                "tagger: headline + summary",
                f"{r['tagger_per_s']:,.0f} docs/s",
                f"spacy.blank tokenizer {r['tokenizer_per_s']:,.0f} docs/s",
                f"{r['ratio']:.2f}x (>= 0.3); RSS {r['rss_mb']:.0f} MB (< 300)",
            )
        )
    for key in ("search-sqlite", "search-postgres"):
        for r in results.get(key, []):
            w = r["worst"]
            out.append(
                (
                    f"archive search, {r['backend']}, {r['docs']:,} docs",
                    f"worst p95 {w['p95']:.0f} ms",
                    f"p50 {w['p50']:.0f} ms ({w['scenario']}), {w['kb']:.0f} KB",
                    "all pages < 50 ms, < 150 KB" if r["ok"] else "NOT all pages < 50 ms",
                )
            )
    if "briefing" in results:
        r = results["briefing"][0]
        out.append(
            (
                f"briefing build, {r['docs']:,} docs",
                f"{r['median_s']:.2f} s median",
                f"worst {r['max_s']:.2f} s; {r['words']} words",
                "< 2 s, < 900 words",
            )
        )
    if "flow" in results:
        r = results["flow"][0]
        out.append(
            (
                f"daily flow, {r['sources']} feeds, Prefect server",
                f"{r['flow_s']:.1f} s",
                f"stages called directly {r['direct_s']:.1f} s",
                f"{r['ratio']:.2f}x (< 2)",
            )
        )
        out.append(
            (
                "Prefect ephemeral start-up, new home",
                f"{r['seeded_s']:.1f} s from our template",
                f"Prefect migrating its own: {r['ephemeral_s']:.1f} s",
                "paid once per embedded run",
            )
        )
    if "demo" in results:
        r = results["demo"]
        out.append(("signaldesk demo, end to end", f"{r['wall_s']:.1f} s", "", "< 60 s"))
        out.append(("peak memory of a daily run (one process)", f"{r['peak_rss_mb']:.0f} MB", "", ""))
    return out


def table(lines: list[tuple[str, str, str, str]]) -> str:
    head = ("benchmark", "measured", "reference, same run", "ratio / target")
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(4)]
    fmt = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([fmt(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(fmt, lines)])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true", help="leave out the PostgreSQL search run")
    args = parser.parse_args(argv)
    log_path = ROOT / "var" / "bench" / "last-run.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    results, failed = {}, []
    started = time.perf_counter()
    with log_path.open("w") as log:
        for name, step in plan(args.quick, not args.skip_postgres):
            print(f"... {name}", file=sys.stderr, flush=True)
            try:
                results[name] = run_step(step, log)
            except RuntimeError as exc:
                failed.append(f"{name}: {exc}")
        print("... demo", file=sys.stderr, flush=True)
        try:
            results["demo"] = run_demo(log)
        except RuntimeError as exc:
            failed.append(f"demo: {exc}")
    cpu = platform.processor() or platform.machine()
    print(
        f"Signaldesk benchmarks ({'quick' if args.quick else 'full'}), {os.cpu_count()} cores {cpu}, "
        f"Python {platform.python_version()}, {time.perf_counter() - started:.0f} s in all\n"
    )
    print(table(rows(results)))
    for line in failed:
        print(f"\nFAILED {line}")
    print(f"\nfull output: {log_path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
