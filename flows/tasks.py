"""Prefect tasks: each a verb that calls one stage. Retries only where I/O can fail transiently."""

from __future__ import annotations

from datetime import date

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from core.errors import SourceError, StoreError
from pipeline.crawl import CrawlOptions
from pipeline.settings import Settings
from pipeline.sources import SourceSpec


def _retry_on_store_errors(task, task_run, state) -> bool:
    try:
        state.result()
    except StoreError:
        return True
    except Exception:  # anything else is a verdict on the source, not a transient fault
        return False
    return False


@task(
    name="crawl-source",
    task_run_name="crawl-{spec.key}",
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=_retry_on_store_errors,
    cache_policy=NO_CACHE,
)
def crawl_source_task(spec: SourceSpec, settings: Settings, run_id: str, options: CrawlOptions):
    """Crawl one source in its own process and store its items; a source with nothing to show fails."""
    from pipeline.ingest import crawl_one

    report = crawl_one(spec, settings, run_id, options)
    logger = get_run_logger()
    logger.info(
        "%s: %s, %d items, %d new, %d updated", spec.key, report.status, report.items, report.new, report.updated
    )
    if report.failed:
        raise SourceError("; ".join(report.errors[:3]) or "no items", resource=spec.key)
    return report


@task(name="tag-batch", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def tag_batch_task(settings: Settings, document_ids: list[int]) -> int:
    from models import session_scope
    from pipeline.tagging.persist import tag_document_ids

    with session_scope(settings.db_url) as session:
        return tag_document_ids(session, document_ids)


@task(name="find-untagged", cache_policy=NO_CACHE)
def untagged_ids_task(settings: Settings, since) -> list[int]:
    from models import session_scope
    from pipeline.tagging.persist import untagged_document_ids

    with session_scope(settings.db_url) as session:
        return untagged_document_ids(session, since=since)


@task(name="build-briefing", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE)
def brief_task(settings: Settings, day: date, run_id: str | None, categories: list[str] | None) -> dict:
    from models import session_scope
    from pipeline.briefing import build_briefing, render_markdown, write_briefing_files

    with session_scope(settings.db_url) as session:
        briefing = build_briefing(session, settings, day, run_id=run_id, categories=categories)
    markdown = render_markdown(briefing, categories=categories)
    paths = write_briefing_files(settings, briefing, markdown)
    return {"briefing": briefing, "markdown": markdown, "paths": {k: str(v) for k, v in paths.items()}}


@task(name="render-html", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE)
def render_task(settings: Settings, day: date) -> str:
    from models import session_scope
    from pipeline.delivery.html import render_briefing_html

    with session_scope(settings.db_url) as session:
        return str(render_briefing_html(settings, session, day))


@task(name="deliver", retries=2, retry_delay_seconds=[10, 60], cache_policy=NO_CACHE)
def deliver_task(settings: Settings, day: date, dry_run: bool, recipients: list[str] | None = None):
    from models import session_scope
    from pipeline.delivery.deliver import deliver_briefing

    with session_scope(settings.db_url) as session:
        return deliver_briefing(session, settings, day, dry_run=dry_run, recipients=recipients)
