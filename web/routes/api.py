"""The JSON API (documented by OpenAPI at /openapi.json) and a server-rendered reference page at /api."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from core.amount_roles import with_role
from pipeline.briefing.contracts import Briefing
from pipeline.dates import parse_day
from web.deps import get_session, signal_query
from web.queries.briefings import briefing_for_day
from web.queries.params import SignalQuery
from web.queries.search import search
from web.queries.signals import SignalItem
from web.queries.stories import StoryDetail, story_detail
from web.schemas import BriefingOut, SignalOut, SignalPageOut, StoryOut, StoryRef, StorySourceOut
from web.templating import render

router = APIRouter()


@router.get("/api/signals", response_model=SignalPageOut, tags=["signals"])
def api_signals(request: Request, query: SignalQuery = Depends(signal_query), session: Session = Depends(get_session)):
    """Tagged items, newest first, with the same filters as the Signals page."""
    page = search(session, query, request.app.state.stats.get(session))
    next_url = None
    if page.next_cursor:
        next_url = "/api/signals?" + urlencode(replace(query, after=page.next_cursor).params(cursor=True))
    return SignalPageOut(items=[_signal(i) for i in page.items], next=next_url)


@router.get("/api/stories/{story_id}", response_model=StoryOut, tags=["stories"])
def api_story(story_id: str, session: Session = Depends(get_session)):
    """One story with its sources, the evidence for each tag, and its thread."""
    detail = story_detail(session, story_id[:64])
    if detail is None:
        raise HTTPException(404, "no story with that id")
    return _story(detail)


@router.get("/api/briefings/{day}", response_model=BriefingOut, tags=["briefings"])
def api_briefing(day: str, session: Session = Depends(get_session)):
    """The structured briefing of one day (YYYY-MM-DD)."""
    wanted = parse_day(day, "date")
    briefing = briefing_for_day(session, wanted)
    if briefing is None:
        raise HTTPException(404, f"no briefing for {wanted.isoformat()}")
    # Read through the contract: a briefing stored by an older version answers with today's keys.
    content = Briefing.from_json(briefing.content or {}).to_json()
    return BriefingOut(
        day=briefing.day,
        generated_at=briefing.generated_at,
        content=content,
        html_url=f"/briefings/{briefing.day.isoformat()}",
    )


@router.get("/api", include_in_schema=False)
def api_reference(request: Request):
    return render(request, "api.html", spec=request.app.openapi())


def _signal(item: SignalItem) -> SignalOut:
    return SignalOut(
        title=item.title,
        summary=item.summary,
        url=item.url,
        publication=item.publication,
        source=item.source_key,
        published_at=item.published_at,
        categories=item.categories,
        organizations=item.orgs,
        amounts=item.amounts,
        story_id=item.story_id,
    )


def _story(detail: StoryDetail) -> StoryOut:
    story = detail.story
    sources = [
        StorySourceOut(
            title=s.document.title,
            url=s.document.original_url,
            publication=s.document.publication,
            source=s.document.source_key,
            published_at=s.document.published_at,
            categories=[t.category for t in s.tags],
            evidence={t.category: t.sentences for t in s.tags},
            organizations=list(dict.fromkeys(m.canonical or m.text for m in s.orgs)),
            amounts=[with_role(m.text, (m.extra or {}).get("role")) for m in s.amounts],
        )
        for s in detail.sources
    ]
    return StoryOut(
        id=story.id,
        day=story.day,
        title=story.title,
        summary=story.summary,
        categories=list(story.categories),
        score=story.score,
        sources=sources,
        parents=[_ref(s) for s in detail.ancestors],
        children=[_ref(s) for s in detail.children],
    )


def _ref(story) -> StoryRef:
    return StoryRef(id=story.id, day=story.day, title=story.title)
