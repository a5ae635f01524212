"""Deployments: the daily schedule and ad-hoc runs on a process work pool, plus the single steps.

Deployments live on a Prefect server (PREFECT_API_URL); workers on any machine with this project
installed at the same path pull runs from the pool.
"""

from __future__ import annotations

from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectAlreadyExists
from prefect.schedules import Cron

from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POOL = "signaldesk"
DAILY = "daily-briefing/daily"
ADHOC = "daily-briefing/adhoc"
STEPS = {"crawl": "crawl_flow", "tag": "tag_flow", "brief": "brief_flow", "send": "send_flow"}


def ensure_pool(name: str) -> None:
    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(WorkPoolCreate(name=name, type="process"))
        except ObjectAlreadyExists:
            pass


def _from_source(function: str):
    from prefect import Flow

    return Flow.from_source(source=str(ROOT), entrypoint=f"flows/daily.py:{function}")


def register_deployments(settings: Settings, *, pool: str = DEFAULT_POOL, cron: str = "0 7 * * *") -> list[str]:
    """Create or update every deployment; returns their ids."""
    ensure_pool(pool)
    common = dict(work_pool_name=pool, build=False, push=False, print_next_steps=False)
    daily = _from_source("daily_briefing")
    ids = [
        daily.deploy(
            name="daily",
            schedules=[Cron(cron, timezone=settings.timezone)],
            description="The daily briefing for yesterday, every morning.",
            **common,
        ),
        # Ad-hoc runs queue behind each other per deployment only through the per-date lock in the flow.
        daily.deploy(name="adhoc", description="Ad-hoc briefing: a date, categories, sources, dry-run.", **common),
    ]
    for step, function in STEPS.items():
        ids.append(_from_source(function).deploy(name=step, description=f"Re-run the {step} step alone.", **common))
    return [str(i) for i in ids]
