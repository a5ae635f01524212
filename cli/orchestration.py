"""`signaldesk run`, `demo`, `deploy` and `worker`: the daily flow end to end, locally or on a server."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cli.arguments import day_argument
from core.categories import CATEGORIES, choices_text


def _categories(text: str) -> list[str]:
    import argparse

    names = [c.strip() for c in text.split(",") if c.strip()]
    unknown = [c for c in names if c not in CATEGORIES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown category {', '.join(unknown)} (one of {choices_text()})")
    return names


def register(subparsers) -> None:
    run = subparsers.add_parser("run", help="the daily flow end to end: crawl, store, tag, brief, render, deliver")
    run.add_argument("--date", type=day_argument, help="the day to brief (default: yesterday in SIGNALDESK_TIMEZONE)")
    run.add_argument("--sources", type=Path, help="sources file (default: the configured one)")
    run.add_argument("--only", action="append", metavar="KEY", help="crawl only this source (repeatable)")
    run.add_argument("--categories", type=_categories, help=f"comma-separated categories to brief: {choices_text(',')}")
    run.add_argument("--recipient", action="append", metavar="EMAIL", help="deliver only to this subscriber")
    run.add_argument("--no-email", action="store_true", help="build the briefing but send nothing")
    run.add_argument("--dry-run", action="store_true", help="go through delivery without sending")
    run.set_defaults(handler=_run)
    demo = subparsers.add_parser("demo", help="the daily flow on the bundled offline snapshot (no network)")
    demo.add_argument("--port", type=int, default=0, help="loopback port for the snapshot (default: any free)")
    demo.set_defaults(handler=_demo)
    deploy = subparsers.add_parser("deploy", help="register the Prefect deployments (needs PREFECT_API_URL)")
    deploy.add_argument("--pool", default="signaldesk", help="process work pool name")
    deploy.add_argument("--cron", default="0 7 * * *", help="daily schedule in SIGNALDESK_TIMEZONE")
    deploy.set_defaults(handler=_deploy)
    worker = subparsers.add_parser("worker", help="run a Prefect worker for the pool (needs PREFECT_API_URL)")
    worker.add_argument("--pool", default="signaldesk")
    worker.set_defaults(handler=_worker)


def early_prefect(home) -> object:
    """Point Prefect at our home and start its embedded server now, in the background."""
    from flows.environment import prepare_prefect_env, start_embedded_server_early

    prepare_prefect_env(home)
    return start_embedded_server_early()


def run_daily(settings, server_start=None, **params) -> int:
    """Run the flow in this process and print what it made; the exit code tells the truth."""
    from flows.environment import prepare_prefect_env

    prepare_prefect_env(settings.home)
    if server_start is not None:
        server_start.join()
    from flows.daily import daily_briefing

    state = daily_briefing(**params, return_state=True)
    result = state.result(raise_on_failure=False)
    if state.is_failed() or isinstance(result, BaseException):
        print(f"signaldesk: run failed: {result}", file=sys.stderr)
        return 1
    _print_summary(result, state.message)
    return 0


def _print_summary(summary: dict, message: str | None) -> None:
    print(
        f"briefing {summary['date']}: {summary['stories']} stories from {summary['items']} items "
        f"({summary['new']} new) across {summary['sources']} sources"
    )
    print(f"  flow run {summary['run_id']}")
    for name in ("md", "html", "json"):
        if name in summary["paths"]:
            print(f"  {summary['paths'][name]}")
    if summary.get("failed_sources"):
        print(f"  warning: {len(summary['failed_sources'])} source(s) failed: {', '.join(summary['failed_sources'])}")
    delivery = summary.get("delivery")
    if delivery:
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(delivery.get("counts", {}).items()))
        print(f"  delivery ({delivery.get('transport')}): {counts or 'no subscribers'}")


def _run(args) -> int:
    from cli.context import open_store
    from flows.daily import validate_only
    from pipeline.settings import load_settings

    edge = load_settings()
    validate_only(edge, str(args.sources) if args.sources else None, args.only)
    server_start = early_prefect(edge.home)
    settings = open_store()
    return run_daily(settings, server_start, **flow_parameters(args))


def flow_parameters(args) -> dict:
    """The daily flow's parameters for `signaldesk run ARGS`; the archive's Run now starts the same run either
    through this command or with the flow's parameters directly (tests/web/test_runs.py holds them equal)."""
    return {
        "date": args.date,
        "sources": str(args.sources) if args.sources else None,
        "only": args.only,
        "categories": args.categories,
        "recipients": args.recipient,
        "email": not args.no_email,
        "dry_run": args.dry_run,
    }


def _demo(args) -> int:
    from cli.context import open_store
    from pipeline.crawl import CrawlOptions
    from pipeline.demo.server import DEMO_DAY, serve_snapshot, write_demo_sources

    # The demo never mails anyone: messages go to the outbox. The flow reads its settings itself, and a mail
    # password must not become a flow parameter, so the variable leaves this process before the flow runs.
    os.environ.pop("SIGNALDESK_SMTP_URL", None)
    from pipeline.settings import load_settings

    server_start = early_prefect(load_settings().home)
    settings = open_store()
    _ensure_demo_subscriber(settings)
    # Its sources are our own loopback server, which needs no politeness delays: they only made each of its
    # 22 crawls wait.
    crawl_options = CrawlOptions(allow_private=True, fast=True, timeout=settings.crawl_timeout)
    with serve_snapshot(args.port) as base:
        sources = write_demo_sources(base, settings.home / "demo" / "sources.toml")
        print(f"serving the offline snapshot at {base}; briefing {DEMO_DAY.isoformat()}")
        return run_daily(settings, server_start, date=DEMO_DAY, sources=str(sources), crawl_options=crawl_options)


def _ensure_demo_subscriber(settings) -> None:
    from sqlmodel import select

    from models import Subscriber, session_scope
    from pipeline.delivery.subscribers import add_subscriber

    with session_scope(settings.db_url) as session:
        if session.exec(select(Subscriber)).first() is None:
            add_subscriber(session, "you@example.com", name="Demo reader")
            print("added demo subscriber you@example.com (emails go to the outbox as .eml files)")


def _require_server() -> None:
    from core.errors import ConfigError

    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigError(
            "deployments and workers need a Prefect server: set PREFECT_API_URL (see README, 'Scaling out')",
            resource="PREFECT_API_URL",
        )


def _deploy(args) -> int:
    from pipeline.settings import load_settings

    _require_server()
    settings = load_settings()
    from flows.environment import prepare_prefect_env

    prepare_prefect_env(settings.home)
    from flows.deploy import register_deployments

    ids = register_deployments(settings, pool=args.pool, cron=args.cron)
    print(f"registered {len(ids)} deployments on pool {args.pool!r}; daily at {args.cron!r} {settings.timezone}")
    print("start a worker with: signaldesk worker --pool", args.pool)
    return 0


def _worker(args) -> int:
    _require_server()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    prefect = [sys.executable, "-m", "prefect", "worker", "start", "--pool", args.pool, "--type", "process"]
    os.execv(sys.executable, prefect)
    return 0
