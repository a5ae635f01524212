"""Shapes of the JSON API: what a reader needs, never the tables' internals (hashes, tagger rows, ids of joins)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class SignalOut(BaseModel):
    title: str
    summary: str
    url: str
    publication: str | None
    source: str = Field(description="Source key")
    published_at: datetime
    categories: list[str]
    organizations: list[str]
    amounts: list[str] = Field(description='Money amounts as written, each with its role: "$2 billion (raised)"')
    story_id: str | None


class SignalPageOut(BaseModel):
    items: list[SignalOut]
    next: str | None = Field(description="URL of the next page, if any")


class StorySourceOut(BaseModel):
    title: str
    url: str
    publication: str | None
    source: str
    published_at: datetime
    categories: list[str]
    evidence: dict[str, list[str]] = Field(description="Per category, the sentences that led to the tag")
    organizations: list[str]
    amounts: list[str] = Field(description='Money amounts as written, each with its role: "$2 billion (raised)"')


class StoryRef(BaseModel):
    id: str
    day: date
    title: str


class StoryOut(BaseModel):
    id: str
    day: date
    title: str
    summary: str
    categories: list[str]
    score: float
    sources: list[StorySourceOut]
    parents: list[StoryRef] = Field(description="Earlier stories in this thread, oldest first")
    children: list[StoryRef] = Field(description="Follow-up stories")


class BriefingOut(BaseModel):
    day: date
    generated_at: datetime
    content: dict = Field(description="The briefing JSON (date, stories, sections, takeaways, coverage)")
    html_url: str
