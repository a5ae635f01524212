"""The Tagger: one spaCy pass per document, then money, measures, organizations and the category decisions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from pipeline.tagging.combine import SETTINGS, Combination, decide, rule_score
from pipeline.tagging.language import detect_language
from pipeline.tagging.measures import find_measures
from pipeline.tagging.money import find_amounts
from pipeline.tagging.orgs import find_orgs
from pipeline.tagging.pipeline import MODEL_DIR, RULES_KEY, TEXTCAT, build_nlp
from pipeline.tagging.results import CATEGORIES, Amount, CategoryResult, Measure, TagResult
from pipeline.tagging.rules import AGAINST, CONTEXT, RuleHit, load_rules
from pipeline.tagging.text import compose, sentence_at
from pipeline.tagging.version import tagger_version

MAX_EVIDENCE_SPANS = 6
# Category rules are written for English; other languages get entities but no categories.
RULE_LANGUAGES = frozenset({"en", "und"})


class Tagger:
    """Tags documents with categories, organizations, amounts and measures. Build once, reuse."""

    def __init__(self, model_dir: Path | None = MODEL_DIR, *, settings: Combination = SETTINGS):
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.nlp = build_nlp(self.model_dir)
        self.settings = settings
        self.version = tagger_version(self.model_dir)
        self._rules = load_rules()
        self._weights = self._rules.weights
        self._has_model = self.nlp.has_pipe(TEXTCAT)

    def tag(self, title: str, summary: str = "", body: str = "") -> TagResult:
        return next(self.tag_many([(title, summary, body)]))

    def tag_many(self, items: Iterable[tuple[str, str, str]], batch_size: int = 256) -> Iterator[TagResult]:
        texts = (compose(*_fields(item)) for item in items)
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield self.result(doc)

    def result(self, doc) -> TagResult:
        text = doc.text  # built from the tokens on every access: read it once
        language = detect_language(text)
        amounts, measures = find_amounts(text), find_measures(text)
        categories = self.categories(doc, text, amounts, measures) if language in RULE_LANGUAGES else []
        return TagResult(categories=categories, orgs=find_orgs(doc, text), amounts=amounts, measures=measures,
                         language=language, version=self.version)

    def categories(self, doc, text: str, amounts: list[Amount], measures: list[Measure]) -> list[CategoryResult]:
        matched, against, context = _rule_matches(doc)
        for category, hits in self._rules.regex_hits(text).items():
            matched.setdefault(category, []).extend(hits)
        _add_entity_cues(text, matched, amounts, measures)
        results = []
        for category in CATEGORIES:
            spans = matched.get(category, [])
            weights = [self._weights[(category, sub)] for sub in {s.id_ for s in spans}]
            contra = self._weights.get((AGAINST, category), 0.0) if category in against else 0.0
            factor = 1.0 if category in context else self._weights.get((CONTEXT, category), 1.0)
            rule = rule_score(weights, contra, self.settings, context_factor=factor)
            model = doc.cats.get(category) if self._has_model else None
            decided = decide(category, rule, model, {}, self.settings, contradicted=category in against)
            if decided is not None:  # evidence is only worth building for the categories kept
                evidence = {**self._evidence(text, category, spans, against), **decided.evidence}
                results.append(replace(decided, evidence=evidence))
        return results

    def _evidence(self, text: str, category: str, spans: list, against: dict) -> dict:
        if spans:
            best = max(spans, key=lambda s: (self._weights[(category, s.id_)], -s.start_char))
            sentence = sentence_at(text, best.start_char, best.end_char)
        else:
            sentence = text.split("\n", 1)[0]
        listed = sorted(spans, key=lambda s: (-self._weights[(category, s.id_)], s.start_char))[:MAX_EVIDENCE_SPANS]
        evidence = {"sentence": sentence,
                    "spans": [{"text": s.text, "rule": f"{category}/{s.id_}", "start": s.start_char,
                               "end": s.end_char} for s in listed]}
        if category in against:
            evidence["against"] = sorted({s.text for s in against[category]})
        return evidence


# Which measures count as which category's rule evidence (category, subtopic in patterns/<category>.json).
MEASURE_RULES = {"cve": ("security", "vulnerabilities"), "cvss": ("security", "vulnerabilities"),
                 "power": ("infrastructure", "power"), "gpu_count": ("infrastructure", "chips")}
PRICE_RULE = ("demand", "pricing")


def _add_entity_cues(text: str, matched: dict[str, list], amounts: list[Amount], measures: list[Measure]) -> None:
    """Measures and priced amounts are rule evidence too: a CVE id is a vulnerability, "$20/month" a price."""
    cues = [(m.text, MEASURE_RULES.get(m.kind)) for m in measures] + [(a.text, PRICE_RULE) for a in amounts if a.period]
    for written, rule in cues:
        if rule is not None:
            start = max(text.find(written), 0)
            matched.setdefault(rule[0], []).append(RuleHit(written, rule[1], start, start + len(written)))


def _rule_matches(doc) -> tuple[dict[str, list], dict[str, list], set[str]]:
    """Rule spans by category, cues against each category, and the categories whose context is present."""
    matched: dict[str, list] = {}
    against: dict[str, list] = {}
    context: set[str] = set()
    for span in doc.spans.get(RULES_KEY, []):
        if span.label_ == AGAINST:
            against.setdefault(span.id_, []).append(span)
        elif span.label_ == CONTEXT:
            context.add(span.id_)
        else:
            matched.setdefault(span.label_, []).append(span)
    return matched, against, context


def _fields(item) -> tuple[str, str, str]:
    if isinstance(item, str):
        return item, "", ""
    title, summary, body = (tuple(item) + ("", "", ""))[:3]
    return title or "", summary or "", body or ""
