"""What a delivery run did, per subscriber: sent, skipped, in flight, failed, deferred (retry later) or unknown."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta

# in flight: another run claimed it and has not finished, or died doing so (not yet taken for dead).
# unknown: an earlier run died mid-send over SMTP, so whether the message arrived cannot be told.
OUTCOMES = ("sent", "skipped", "would send", "in flight", "deferred", "unknown", "failed")
_NEEDS_ATTENTION = {"in flight", "deferred", "unknown", "failed"}


@dataclass(frozen=True)
class RecipientResult:
    subscriber_id: int
    email: str
    outcome: str
    detail: str = ""
    message_id: str | None = None
    attempts: int = 0

    def but(self, **changes) -> RecipientResult:
        return replace(self, **changes)


@dataclass
class DeliveryReport:
    day: date
    transport: str
    results: list[RecipientResult] = field(default_factory=list)

    def add(self, result: RecipientResult) -> None:
        self.results.append(result)

    def counts(self) -> dict[str, int]:
        counted = Counter(result.outcome for result in self.results)
        return {outcome: counted[outcome] for outcome in OUTCOMES if counted[outcome]}

    def outcome_of(self, email: str) -> str | None:
        return next((r.outcome for r in self.results if r.email == email), None)

    @property
    def ok(self) -> bool:
        """True when nobody is left waiting: every subscriber was sent to (now or before) or skipped."""
        return not any(result.outcome in _NEEDS_ATTENTION for result in self.results)

    def as_dict(self) -> dict:
        """Plain JSON-ready data, for flow results and scripts."""
        return {
            "day": self.day.isoformat(),
            "transport": self.transport,
            "ok": self.ok,
            "counts": self.counts(),
            "results": [asdict(result) for result in self.results],
        }

    def summary(self) -> str:
        counts = ", ".join(f"{count} {outcome}" for outcome, count in self.counts().items())
        return f"briefing {self.day.isoformat()} via {self.transport}: {counts or 'no active subscribers'}"

    def format(self) -> str:
        """One line per subscriber, worst news last, then the summary."""
        width = max((len(r.email) for r in self.results), default=5)
        ordered = sorted(self.results, key=lambda r: (OUTCOMES.index(r.outcome), r.email))
        return "\n".join([*(format_result(r, width=width) for r in ordered), self.summary()])


def format_result(result: RecipientResult, *, width: int = 0) -> str:
    detail = f"  {result.detail}" if result.detail else ""
    return f"  {result.outcome:<10} {result.email:<{width}}{detail}"


def in_flight(since: datetime, stale_after: timedelta) -> str:
    """Who holds a claimed row and until when: a dead run's claim is only taken over once it is stale."""
    return (
        f"in flight since {since:%Y-%m-%d %H:%M:%S} UTC: another run is sending it, or died doing so; "
        f"from {since + stale_after:%H:%M} UTC a new run takes it as interrupted"
    )
