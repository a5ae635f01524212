"""What the tagger hands back for one document: categories with their reasons, and the entities it found."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The registry's keys, re-exported (the `as` form) for the tagger's modules, which read them from here.
from core.categories import CATEGORIES as CATEGORIES


@dataclass(frozen=True)
class CategoryResult:
    category: str
    score: float
    decided_by: str  # rule | model | rule+model
    evidence: dict = field(default_factory=dict)  # {"sentence", "spans", "rule_score", "model_score", ...}


@dataclass(frozen=True)
class Org:
    text: str
    canonical: str | None
    sentence: str


@dataclass(frozen=True)
class Amount:
    text: str
    value: float
    currency: str
    period: str | None
    role: str | None
    sentence: str
    high: float | None = None  # upper end of a range ("$5-10 million")
    qualifier: str | None = None  # up_to | at_least | about


@dataclass(frozen=True)
class Measure:
    text: str
    value: float | None
    unit: str
    kind: str  # power | gpu_count | cve | cvss
    sentence: str


@dataclass(frozen=True)
class TagResult:
    categories: list[CategoryResult]
    orgs: list[Org]
    amounts: list[Amount]
    measures: list[Measure]
    language: str
    version: str

    @property
    def category_names(self) -> list[str]:
        return [c.category for c in self.categories]

    def as_json(self, id) -> dict:
        """The `signaldesk tag` line for this result (contract: docs/architecture.md)."""
        return {
            "id": id,
            "categories": self.category_names,
            "scores": {c.category: c.score for c in self.categories},
            "orgs": [{"text": o.text, "canonical": o.canonical} for o in self.orgs],
            "amounts": [
                {"text": a.text, "value": a.value, "currency": a.currency, "period": a.period, "role": a.role}
                for a in self.amounts
            ],
            "measures": [{"text": m.text, "value": m.value, "unit": m.unit, "kind": m.kind} for m in self.measures],
            "evidence": {
                c.category: {
                    "sentence": c.evidence.get("sentence", ""),
                    "spans": c.evidence.get("spans", []),
                    "decided_by": c.decided_by,
                }
                for c in self.categories
            },
            "language": self.language,
            "tagger_version": self.version,
        }

    def to_dict(self) -> dict:
        return asdict(self)
