"""Home: the latest briefing, the signals chart and the list of past briefings; one briefing by date."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from pipeline.dates import parse_day
from web.charts import category_day_chart
from web.deps import get_session
from web.queries.activity import category_days
from web.queries.briefings import briefing_days, briefing_for_day, latest_briefing
from web.templating import render

router = APIRouter()
CHART_DAYS = 30


@router.get("/", include_in_schema=False)
def home(request: Request, session: Session = Depends(get_session)):
    briefing = latest_briefing(session)
    return render(
        request,
        "home.html",
        briefing=briefing,
        days=briefing_days(session),
        chart=_chart(request, session, briefing.day if briefing else None),
    )


@router.get("/briefings/{day}", include_in_schema=False)
def briefing_page(day: str, request: Request, session: Session = Depends(get_session)):
    wanted = parse_day(day, "date")
    briefing = briefing_for_day(session, wanted)
    if briefing is None:
        raise HTTPException(404, f"There is no briefing for {wanted.isoformat()}.")
    return render(
        request,
        "home.html",
        briefing=briefing,
        days=briefing_days(session),
        chart=_chart(request, session, wanted),
        single=True,
    )


def _chart(request: Request, session: Session, end: date | None):
    tz = request.app.state.settings.tz
    end = end or datetime.now(tz).date()
    days = [end - timedelta(days=i) for i in range(CHART_DAYS - 1, -1, -1)]
    return category_day_chart(category_days(session, end=end, days=CHART_DAYS, tz=tz), days)
