"""An organization: every signal that names it, and how often it was named month by month."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from web.charts import month_bar_chart
from web.deps import get_session, signal_query
from web.queries.activity import org_months
from web.queries.params import SignalQuery, parse_signal_query
from web.queries.search import search
from web.templating import render

router = APIRouter()


@router.get("/orgs/{name:path}", include_in_schema=False)
def org_page(
    name: str, request: Request, query: SignalQuery = Depends(signal_query), session: Session = Depends(get_session)
):
    query = replace(query, org=parse_signal_query(org=name).org)
    page = search(session, query, request.app.state.stats.get(session))
    months = org_months(session, query.org or "", tz=request.app.state.settings.tz)
    return render(
        request,
        "org.html",
        name=query.org,
        query=query,
        page=page,
        chart=month_bar_chart(months),
        total=sum(months.values()),
    )
