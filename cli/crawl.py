"""`signaldesk crawl`: crawl the sources and store what they serve."""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    from cli.sources import BAD_ENTRIES

    p = subparsers.add_parser(
        "crawl", help="crawl the sources (one process each) and store their items", description=BAD_ENTRIES
    )
    p.add_argument("--sources", type=Path, help="sources file (default: the bundled sources.toml)")
    p.add_argument("--only", action="append", metavar="KEY", help="crawl only this source key (repeatable)")
    p.add_argument("--concurrency", type=int, default=4, help="sources crawled at once (default 4)")
    p.set_defaults(handler=_crawl)


def print_reports(reports) -> None:
    width = max([len(r.source_key) for r in reports] + [6])
    print(f"{'source':<{width}}  {'status':<12} {'seen':>5} {'new':>5} {'upd':>5} {'err':>4}")
    for r in reports:
        print(f"{r.source_key:<{width}}  {r.status:<12} {r.items:>5} {r.new:>5} {r.updated:>5} {len(r.errors):>4}")
        for message in r.errors[:3]:
            print(f"{'':<{width}}    ! {message}")


def _crawl(args) -> int:
    from cli.context import open_store
    from cli.progress import Progress
    from cli.sources import print_skipped
    from models import session_scope
    from pipeline.ingest import crawl_and_ingest, new_run_id
    from pipeline.sources import load_sources
    from pipeline.store import sync_sources

    settings = open_store()
    specs = load_sources(args.sources or settings.sources_path, only=args.only, warn=print_skipped)
    with session_scope(settings.db_url) as session:
        sync_sources(session, specs)
    progress = Progress(len(specs), "crawling")
    run_id = new_run_id()
    reports = crawl_and_ingest(
        specs, settings, run_id, concurrency=args.concurrency, on_report=lambda r: progress.step(r.source_key, r.items)
    )
    progress.close()
    print(f"crawl run {run_id}")
    print_reports(reports)
    failed = [r for r in reports if r.failed]
    if len(failed) == len(reports):
        print("every source failed")
        return 1
    return 0
