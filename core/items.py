"""RawItem: what a spider hands to the pipeline, one JSON object per line (contract between stages).

Everything is as the source served it: strings untrimmed of markup, dates as written. The pipeline
normalizes; spiders only extract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class RawItem:
    source_key: str
    url: str  # the article itself (for Techmeme: the original article, not the permalink)
    title: str  # may contain entities or markup as served
    summary_html: str = ""  # the feed's description / teaser, HTML as served
    body_html: str = ""  # full content when the source gives it (content:encoded, NIST page body)
    author: str | None = None
    publication: str | None = None  # the outlet that wrote it (Techmeme items name the original outlet)
    published: str | None = None  # date as served (RFC 822, ISO 8601, "January 15, 2026", ...)
    guid: str | None = None
    fetched_at: str = ""  # ISO 8601 UTC, set by the spider when the response arrived
    tags: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # kind-specific: permalink, cluster, related outlets, CVE ...

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RawItem:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)
