"""The daily briefing flow and the single-step flows. Flows only call the stages in order."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner

from core.categories import CategoryName as Category  # Prefect checks a run's categories against it
from core.errors import InputError, SignaldeskError
from flows.locking import day_lock
from flows.tasks import brief_task, crawl_source_task, deliver_task, render_task, tag_batch_task, untagged_ids_task
from pipeline.crawl import CrawlOptions
from pipeline.dates import day_start, yesterday
from pipeline.settings import Settings, load_settings

TAG_BATCH = 500


def edge_settings() -> Settings:
    """The flow entry is an edge: build settings once, make the folders, bring the schema to head."""
    from models import ensure_schema

    settings = load_settings()
    settings.ensure_dirs()
    ensure_schema(settings.db_url)
    return settings


def _run_id() -> str:
    from prefect.runtime import flow_run

    from pipeline.ingest import new_run_id

    return str(flow_run.id) if flow_run.id else new_run_id()


def crawl_all(settings: Settings, specs, run_id: str, options: CrawlOptions | None) -> tuple[list, list[str]]:
    """Every source as its own task; a failed source is a failed task and a warning, not the end. Without
    `options`, the settings say how to crawl."""
    from models import session_scope
    from pipeline.store import sync_sources

    with session_scope(settings.db_url) as session:
        sync_sources(session, specs)
    options = options or CrawlOptions.from_settings(settings)
    futures = [crawl_source_task.submit(spec, settings, run_id, options) for spec in specs]
    reports, failed = [], []
    for spec, future in zip(specs, futures):
        future.wait()
        if future.state.is_completed():
            reports.append(future.result())
        else:
            failed.append(spec.key)
    return reports, failed


def tag_new(settings: Settings, since: datetime | None) -> int:
    ids = untagged_ids_task(settings, since)
    batches = [ids[i : i + TAG_BATCH] for i in range(0, len(ids), TAG_BATCH)]
    return sum(tag_batch_task.map(settings=unmapped(settings), document_ids=batches).result()) if batches else 0


def _check_outcome(reports: list, failed: list[str]) -> None:
    if not reports:
        raise SignaldeskError(f"every source failed ({', '.join(failed)})", resource="crawl")
    if sum(r.items for r in reports) == 0 and not any(r.status == "not_modified" for r in reports):
        raise SignaldeskError("the sources yielded zero items", resource="crawl")


@flow(name="daily-briefing", task_runner=ThreadPoolTaskRunner(max_workers=4), log_prints=False)
def daily_briefing(
    date: dt.date | None = None,
    sources: str | None = None,
    only: list[str] | None = None,
    categories: list[Category] | None = None,
    recipients: list[str] | None = None,
    email: bool = True,
    dry_run: bool = False,
    crawl_options: CrawlOptions | None = None,
):
    """Crawl, store, tag, cluster, brief, render and deliver one day. Safe to run twice for a date."""
    from pipeline.sources import load_sources

    settings = edge_settings()
    day = date or yesterday(settings.tz)  # the last complete calendar day
    specs = load_sources(Path(sources) if sources else settings.sources_path, only=only)
    logger = get_run_logger()
    run_id = _run_id()
    with day_lock(settings, day):
        reports, failed = crawl_all(settings, specs, run_id, crawl_options)
        _check_outcome(reports, failed)
        tagged = tag_new(settings, since=None)
        built = brief_task(settings, day, run_id, categories)
        html_path = render_task(settings, day)
        create_markdown_artifact(
            built["markdown"],
            key=f"briefing-{day.isoformat()}",
            description=f"Signaldesk briefing for {day.isoformat()}",
        )
        delivery = deliver_task(settings, day, dry_run, recipients) if email else None
    summary = {
        "date": day.isoformat(),
        "run_id": run_id,
        "sources": len(specs),
        "failed_sources": failed,
        "items": sum(r.items for r in reports),
        "new": sum(r.new for r in reports),
        "tagged": tagged,
        "stories": len(built["briefing"].stories),
        "paths": {**built["paths"], "html": html_path},
        "delivery": delivery.as_dict() if delivery is not None else None,
    }
    if failed:
        logger.warning("completed with warnings: %d source(s) failed: %s", len(failed), ", ".join(failed))
        return Completed(message=f"completed with warnings: {len(failed)} source(s) failed", data=summary)
    return summary


@flow(name="crawl", task_runner=ThreadPoolTaskRunner(max_workers=4))
def crawl_flow(
    sources: str | None = None, only: list[str] | None = None, crawl_options: CrawlOptions | None = None
) -> dict:
    from pipeline.sources import load_sources

    settings = edge_settings()
    specs = load_sources(Path(sources) if sources else settings.sources_path, only=only)
    reports, failed = crawl_all(settings, specs, _run_id(), crawl_options)
    _check_outcome(reports, failed)
    return {"items": sum(r.items for r in reports), "failed_sources": failed}


@flow(name="tag", task_runner=ThreadPoolTaskRunner(max_workers=2))
def tag_flow(since: dt.date | None = None) -> int:
    settings = edge_settings()
    start = day_start(since, settings.tz) if since else None
    return tag_new(settings, since=start)


@flow(name="brief")
def brief_flow(date: dt.date, categories: list[Category] | None = None) -> dict:
    settings = edge_settings()
    built = brief_task(settings, date, None, categories)
    html_path = render_task(settings, date)
    create_markdown_artifact(built["markdown"], key=f"briefing-{date.isoformat()}")
    return {**built["paths"], "html": html_path}


@flow(name="send")
def send_flow(date: dt.date, dry_run: bool = False, recipients: list[str] | None = None) -> dict:
    settings = edge_settings()
    return deliver_task(settings, date, dry_run, recipients).as_dict()


def validate_only(settings: Settings, sources: str | None, only: list[str] | None) -> None:
    """Fail before a run starts when a source key is unknown (the deployment validates the rest)."""
    from pipeline.sources import load_sources

    if only:
        try:
            load_sources(Path(sources) if sources else settings.sources_path, only=only)
        except SignaldeskError as exc:
            raise InputError(str(exc), resource="only") from None
