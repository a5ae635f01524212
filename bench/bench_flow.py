"""Flow overhead: the daily flow on a running Prefect server against calling the stages directly.

Run: .venv/bin/python bench/bench_flow.py [--sources N] [--repeat 2]
Both sides do the same work on the bundled offline snapshot (N of its feeds, a fresh SQLite store each
time): crawl each source in its own process, store, tag, brief, render, deliver to the outbox. Prints the
median wall time of each, their ratio (target < 2x), and Prefect's ephemeral start-up cost separately.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import emit  # noqa: E402

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-services",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    for _ in range(240):
        try:
            if httpx.get(f"{api}/health", timeout=1).status_code == 200:
                return proc, api
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("prefect server did not start")


def sources_subset(base: str, n: int, path: Path) -> str:
    from pipeline.demo.server import write_demo_sources
    from pipeline.sources import load_sources, to_toml

    full = load_sources(write_demo_sources(base, path))
    feeds = [s for s in full if s.kind == "feed"][:n]
    path.write_text(to_toml(feeds))
    return str(path)


def fresh_env(tmp: Path, label: str) -> None:
    home = tmp / label
    os.environ["SIGNALDESK_HOME"] = str(home)
    os.environ.pop("SIGNALDESK_DATABASE_URL", None)
    os.environ.pop("SIGNALDESK_SMTP_URL", None)


def direct(sources: str, day) -> float:
    """The stages called in order, as a script would, with the same per-source concurrency."""
    from flows.daily import edge_settings
    from models import session_scope
    from pipeline.briefing import build_briefing, render_markdown, write_briefing_files
    from pipeline.delivery.deliver import deliver_briefing
    from pipeline.delivery.html import render_briefing_html
    from pipeline.ingest import crawl_one, new_run_id
    from pipeline.sources import load_sources
    from pipeline.store import sync_sources
    from pipeline.tagging.persist import tag_pending

    t0 = time.perf_counter()
    settings = edge_settings()
    specs = load_sources(Path(sources))
    with session_scope(settings.db_url) as session:
        sync_sources(session, specs)
    run_id = new_run_id()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda spec: crawl_one(spec, settings, run_id), specs))
    with session_scope(settings.db_url) as session:
        tag_pending(session)
    with session_scope(settings.db_url) as session:
        briefing = build_briefing(session, settings, day, run_id=run_id)
    write_briefing_files(settings, briefing, render_markdown(briefing))
    with session_scope(settings.db_url) as session:
        render_briefing_html(settings, session, day)
    with session_scope(settings.db_url) as session:
        deliver_briefing(session, settings, day)
    return time.perf_counter() - t0


def via_flow(sources: str, day) -> float:
    from flows.daily import daily_briefing

    t0 = time.perf_counter()
    state = daily_briefing(date=day, sources=sources, return_state=True)
    elapsed = time.perf_counter() - t0
    if not state.is_completed():
        raise SystemExit(f"flow run ended {state.type}: {state.message}")
    return elapsed


def ephemeral_startup(seeded: bool = False) -> float:
    """A trivial flow in a fresh process without a server: what every embedded CLI run pays once, in a new
    Prefect home; `seeded`: one started from the install-time template (flows/prefect_template.py)."""
    from flows.prefect_template import SEEDED_SETTINGS, seed_prefect_home

    code = (
        "import time; t=time.perf_counter()\nfrom prefect import flow\n@flow\ndef noop():\n    return 1\n"
        "noop()\nprint(time.perf_counter()-t)"
    )
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(
            PREFECT_HOME=home,
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
            PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
        )
        if seeded:
            if not seed_prefect_home(Path(home)):
                return float("nan")  # no template for this Prefect release: make builds it
            env.update(SEEDED_SETTINGS)  # as prepare_prefect_env does
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def measure(n_sources: int, repeat: int) -> dict:
    from pipeline.demo.server import DEMO_DAY, serve_snapshot

    os.environ["SIGNALDESK_ALLOW_PRIVATE_SOURCES"] = "true"
    with tempfile.TemporaryDirectory() as tmp_name, serve_snapshot() as base:
        tmp = Path(tmp_name)
        server, api = start_server(tmp / "prefect")
        os.environ["PREFECT_API_URL"] = api
        try:
            sources = sources_subset(base, n_sources, tmp / "sources.toml")
            plain, flowed = [], []
            for r in range(repeat):
                fresh_env(tmp, f"direct{r}")
                plain.append(direct(sources, DEMO_DAY))
                fresh_env(tmp, f"flow{r}")
                flowed.append(via_flow(sources, DEMO_DAY))
        finally:
            from prefect.logging.handlers import APILogHandler

            APILogHandler().flush()  # hand the last run logs over while the server still listens
            server.terminate()
            server.wait(30)
    d, f = statistics.median(plain), statistics.median(flowed)
    return {
        "sources": n_sources,
        "direct_s": d,
        "flow_s": f,
        "ratio": f / d,
        "ephemeral_s": ephemeral_startup(),
        "seeded_s": ephemeral_startup(seeded=True),
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    r = measure(args.sources, args.repeat)
    print(f"flow bench: {r['sources']} offline feeds, median of {args.repeat} alternating rounds")
    print(f"  stages called directly        {r['direct_s']:>8.2f} s")
    print(f"  daily flow on a Prefect server {r['flow_s']:>7.2f} s")
    print(f"  ratio flow / direct           {r['ratio']:>8.2f}   (target < 2.00)")
    print(f"  ephemeral Prefect start-up    {r['ephemeral_s']:>8.2f} s  (paid once per embedded CLI run, new home)")
    print(f"    from the migrated template  {r['seeded_s']:>8.2f} s  (a new home as signaldesk starts one)")
    emit("flow", r)
    return r


if __name__ == "__main__":
    main()
