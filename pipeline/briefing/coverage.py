"""Coverage footer: which crawl runs fed the day, which sources failed, how many items were seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from models.tables import CrawlRun
from pipeline.briefing.contracts import Coverage, Failure


def crawl_coverage(session: Session, end: datetime, run_id: str | None) -> Coverage:
    """From the runs of `run_id`, else from the latest run of each source started before `end`."""
    runs = _runs_of(session, run_id) if run_id else _latest_runs(session, end)
    failed = sorted({r.source_key for r in runs if r.status == "failed"})
    return Coverage(
        sources_checked=len({r.source_key for r in runs}),
        sources_failed=failed,
        failures=[
            Failure(source_key=r.source_key, message=_first_message(r))
            for r in sorted(runs, key=lambda r: r.source_key)
            if r.status == "failed"
        ],
        items_seen=sum(r.items for r in runs),
        run_id=run_id,
    )


def _runs_of(session: Session, run_id: str) -> list[CrawlRun]:
    return list(session.exec(select(CrawlRun).where(CrawlRun.run_id == run_id)).all())


def _latest_runs(session: Session, end: datetime) -> list[CrawlRun]:
    latest = (
        select(CrawlRun.source_key, func.max(CrawlRun.started_at).label("started"))
        .where(CrawlRun.started_at < end)
        .group_by(CrawlRun.source_key)
        .subquery()
    )
    query = select(CrawlRun).join(
        latest, (CrawlRun.source_key == latest.c.source_key) & (CrawlRun.started_at == latest.c.started)
    )
    runs: dict[str, CrawlRun] = {}
    for run in session.exec(query).all():
        # Two runs of one source started in the same instant: keep the later row, once.
        if run.source_key not in runs or (run.id or 0) > (runs[run.source_key].id or 0):
            runs[run.source_key] = run
    return list(runs.values())


def _first_message(run: CrawlRun) -> str:
    for message in run.messages or []:
        text = message.get("message") if isinstance(message, dict) else message
        if text:
            return str(text)[:200]
    return f"{run.errors} error(s)" if run.errors else "failed"
