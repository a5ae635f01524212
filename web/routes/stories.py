"""One story: its sources, the evidence behind each tag, amounts and organizations, and its thread."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from web.deps import get_session
from web.queries.stories import story_detail
from web.templating import render

router = APIRouter()


@router.get("/stories/{story_id}", include_in_schema=False)
def story_page(story_id: str, request: Request, session: Session = Depends(get_session)):
    detail = story_detail(session, story_id[:64])
    if detail is None:
        raise HTTPException(404, "There is no story with that id.")
    return render(request, "story.html", detail=detail)
