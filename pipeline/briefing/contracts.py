"""The typed contract of the briefing stage: what a story and a briefing hold, and their JSON.

The briefing stage builds these models; the Markdown renderer, delivery and the archive read their
attributes. `Briefing.to_json()` is the content of `<date>.json` and of the stored Briefing row, key for key
in declaration order; `Briefing.from_json()` reads a stored one back, so an older file missing a later key
gets that key's default and a key this code does not know is ignored. The JSON Schema of the files,
`docs/briefing.schema.json`, is generated from these models (`briefing_json_schema`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, model_serializer

from core import tiers
from core.amount_roles import OTHER, with_role


def _schema_of_written_keys(schema: dict[str, Any], model: type[Contract]) -> None:
    """A key left out when unset is optional in the files, and when written it is never null."""
    for name in model.omit_when_none:
        schema.get("required", []).remove(name)
        choices = schema["properties"][name].pop("anyOf")
        schema["properties"][name].update(next(c for c in choices if c.get("type") != "null"))
        schema["properties"][name].pop("default", None)


class Contract(BaseModel):
    """Base of every model here: unknown keys of a stored file are ignored on reading, and every written key
    is required in the schema, so a reader of today's files can rely on all of them."""

    model_config = ConfigDict(
        extra="ignore", json_schema_serialization_defaults_required=True, json_schema_extra=_schema_of_written_keys
    )
    omit_when_none: ClassVar[frozenset[str]] = frozenset()  # keys the JSON leaves out rather than null

    @model_serializer(mode="wrap")
    def _leave_out_unset(self, handler):  # unannotated: the schema stays the model's own
        data = handler(self)
        return {key: value for key, value in data.items() if not (key in self.omit_when_none and value is None)}


class Amount(Contract):
    """A sum of money as the tagger read it; `period` ("month", "seat") marks a price, not a size; `role`
    (core/amount_roles.py) says what the money is, and is shown beside it wherever it is shown."""

    text: str
    value: float
    currency: str | None = None
    period: str | None = None
    role: str = OTHER

    def shown(self) -> str:
        return with_role(self.text, self.role)


class Measure(Contract):
    """A physical or technical quantity: GW, MW, GPUs, a CVSS score, a CVE."""

    text: str
    value: float
    unit: str | None = None


class StorySource(Contract):
    url: str
    publication: str = ""
    source_key: str = ""
    published_at: str = ""  # ISO 8601, as the store gave it
    tier: str = tiers.DEFAULT


class NewSince(Contract):
    """What a continuing story adds to what the earlier briefings of its thread reported."""

    sources: list[str] = []
    amounts: list[str] = []
    orgs: list[str] = []
    measures: list[str] = []

    def any(self) -> bool:
        return bool(self.sources or self.amounts or self.orgs or self.measures)


class Thread(Contract):
    omit_when_none = frozenset({"last_reported"})

    parent_id: str | None = None
    first_seen: str = ""  # ISO date the thread was first reported
    new_since: NewSince | None = None
    status: Literal["new", "update", "continuing"] = "new"
    last_reported: str | None = None  # ISO date of the parent's briefing; absent on a new thread


class Story(Contract):
    """One real-world event: its lead headline, merged entities, every source, its thread and its score."""

    omit_when_none = frozenset({"thread"})

    id: str
    title: str = ""
    summary: str = ""
    categories: list[str] = []  # strongest first
    signal_scores: dict[str, float] = {}
    amounts: list[Amount] = []
    orgs: list[str] = []
    measures: list[Measure] = []
    sources: list[StorySource] = []  # lead first
    also_reported_by: list[str] = []
    thread: Thread | None = None  # set by threading, before ranking
    score_parts: dict[str, float] = {}  # keyed by pipeline.briefing.rank.WEIGHTS
    score: float = 0.0

    @property
    def lead(self) -> StorySource:
        return self.sources[0]

    @property
    def status(self) -> str:
        """The thread's status; a story not threaded yet, or stored without a thread, is new."""
        return self.thread.status if self.thread else "new"


class Section(Contract):
    category: str
    story_ids: list[str] = []


class Theme(Contract):
    title: str
    rule: str
    text: str
    story_ids: list[str] = []


class WatchlistEntry(Contract):
    term: str
    story_ids: list[str] = []


class RisingCategory(Contract):
    category: str
    today: int
    baseline: float  # items per day over the trailing window
    ratio: float | None = None  # today / baseline; none on a first sighting


class RisingOrg(Contract):
    org: str
    today: int
    baseline: float
    ratio: float | None = None


class Rising(Contract):
    window_days: int = 28
    categories: list[RisingCategory] = []
    orgs: list[RisingOrg] = []


class MinuteLine(Contract):
    text: str
    story_ids: list[str] = []


class Takeaway(Contract):
    text: str
    story_ids: list[str] = []
    rule: str = ""


class Failure(Contract):
    source_key: str
    message: str


class Coverage(Contract):
    sources_checked: int = 0
    sources_failed: list[str] = []
    failures: list[Failure] = []
    items_seen: int = 0
    run_id: str | None = None
    items_in_window: int = 0
    stories: int = 0  # headline stories
    continuing: int = 0  # threads with nothing new, kept out of the sections


class Briefing(Contract):
    """One day's briefing, the source of its Markdown, HTML, email and `<date>.json`."""

    omit_when_none = frozenset({"archive_url"})

    date: str = ""  # ISO date
    generated_at: str = ""
    tagger_version: str = ""
    stories: list[Story] = []  # ranked, best first; continuing threads included
    sections: list[Section] = []
    themes: list[Theme] = []
    watchlist: list[WatchlistEntry] = []
    rising: Rising = Rising()
    minute: list[MinuteLine] = []
    minute_writer: str = "extractive"
    takeaways: list[str] = []  # the text of each takeaway detail
    takeaway_details: list[Takeaway] = []
    score_weights: dict[str, float] = {}
    coverage: Coverage = Coverage()
    quiet: bool = False
    archive_url: str | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Briefing:
        return cls.model_validate(data)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump()


def briefing_json_schema() -> dict[str, Any]:
    """The JSON Schema of `<date>.json`, as committed in docs/briefing.schema.json."""
    schema = Briefing.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
