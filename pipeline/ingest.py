"""Crawl outcomes -> stored Documents and one CrawlRun row per source, each source in its own transaction
so one bad source never costs another its items.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError, OperationalError

from core.errors import StoreError
from core.urlsecrets import redact_text
from models import CrawlRun, session_scope, utcnow
from pipeline.crawl import CrawlOptions, CrawlOutcome
from pipeline.store import StoreResult, store_items

log = logging.getLogger(__name__)
_ATTEMPTS = 4


@dataclass
class SourceReport:
    source_key: str
    status: str  # ok | not_modified | failed
    items: int
    new: int
    updated: int
    errors: list[str]
    document_ids: list[int]

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def new_run_id() -> str:
    return utcnow().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def _status(outcome: CrawlOutcome, result: StoreResult) -> str:
    if outcome.not_modified:
        return "not_modified"
    if outcome.failed or (result.new + result.updated + result.unchanged) == 0:
        return "failed"
    return "ok"


def _store_once(db_url: str, run_id: str, outcome: CrawlOutcome, started) -> SourceReport:
    with session_scope(db_url) as session:
        result = store_items(session, outcome.items)
        errors = [redact_text(e) for e in (*outcome.errors, *result.errors)]
        status = _status(outcome, result)
        if status == "failed" and not errors:
            errors.append("the source yielded no items")
        session.add(
            CrawlRun(
                run_id=run_id,
                source_key=outcome.source_key,
                started_at=started,
                finished_at=utcnow(),
                status=status,
                http_status=outcome.http_status,
                items=result.items,
                new=result.new,
                updated=result.updated,
                errors=len(errors),
                messages=errors[:50],
            )
        )
    return SourceReport(
        outcome.source_key, status, result.items, result.new, result.updated, errors, result.document_ids
    )


def ingest_outcome(db_url: str, run_id: str, outcome: CrawlOutcome, *, started=None) -> SourceReport:
    """Store one source's crawl. A concurrent run storing the same article first is not an error: retry,
    and the second attempt finds the row and updates it instead of inserting a duplicate."""
    started = started or utcnow()
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return _store_once(db_url, run_id, outcome, started)
        except (IntegrityError, OperationalError) as exc:
            if attempt == _ATTEMPTS:
                raise StoreError(
                    redact_text(f"could not store after {attempt} attempts: {exc.orig}"), resource=outcome.source_key
                ) from None
            log.info("retrying store of %s after %s", outcome.source_key, type(exc.orig).__name__)
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def crawl_one(spec, settings, run_id: str, options: CrawlOptions | None = None) -> SourceReport:
    """Guard, crawl in its own process, and store one source; every failure ends as a CrawlRun row.
    `options` say how to crawl; without them, the settings do."""
    from core.errors import ConfigError
    from core.netguard import check_public_url
    from pipeline.crawl import commit_validators, crawl_source

    options = options or CrawlOptions.from_settings(settings)
    started = utcnow()
    state_dir = settings.home / "state"
    try:
        check_public_url(spec.url, allow_private=options.allow_private, resource=spec.key)
    except ConfigError as exc:
        outcome = CrawlOutcome(spec.key, [], None, False, [str(exc)], None)
    else:
        out_dir = settings.raw_dir / run_id
        out_dir.mkdir(parents=True, exist_ok=True)
        # The crawl process's SSRF guard checks every redirect and followed link by the same rule.
        outcome = crawl_source(spec, out_dir=out_dir, state_dir=state_dir, options=options)
    report = ingest_outcome(settings.db_url, run_id, outcome, started=started)
    # Only now are the items committed, so only now may the next crawl ask "changed since?". A StoreError
    # above or a kill before this line leaves the current validators describing stored items, and the next
    # crawl downloads this response again: nothing to forget.
    if report.status == "ok" and not report.errors:
        commit_validators(outcome, state_dir)
    return report


def crawl_and_ingest(
    specs, settings, run_id: str, *, options: CrawlOptions | None = None, on_report=None, concurrency: int = 4
) -> list[SourceReport]:
    """Crawl every source at once (bounded), storing each as it finishes; reports in the specs' order.
    A source the database refused is a failed report (crawl_one raises StoreError for the flow's retries)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(spec) -> SourceReport:
        try:
            report = crawl_one(spec, settings, run_id, options)
        except StoreError as exc:
            # The database refused this source (its rows were rolled back whole): a failed source in the
            # report, not the end of the others' reports. No CrawlRun row: the database is what failed.
            report = SourceReport(spec.key, "failed", 0, 0, 0, [str(exc)], [])
        if on_report:
            on_report(report)
        return report

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(one, specs))
