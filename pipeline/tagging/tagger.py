"""The Tagger: one spaCy pass per document, then money, measures, organizations and the category decisions.

Per document: the tokenizer and the bag-of-words classifier (nlp.pipe, batched), the phrase matcher over
the same tokens, the rule regexes over the text and its lower-cased twin, and the entity readers over the
text. Nothing is tokenized twice and no sentence is split unless a result needs its evidence sentence; a
regex runs only when the text holds one of the literal strings its matches need (prefilter.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby, islice
from pathlib import Path

from pipeline.language import detect_language
from pipeline.tagging.combine import SETTINGS, Combination, decide, model_may_keep_alone, rule_score
from pipeline.tagging.matching import Matchers, Matches
from pipeline.tagging.measures import find_measures
from pipeline.tagging.money import find_amounts
from pipeline.tagging.orgs import VERB_NEEDLES, find_orgs, org_kinds
from pipeline.tagging.outlet import drop_outlet
from pipeline.tagging.pipeline import MODEL_DIR, TEXTCAT, build_nlp
from pipeline.tagging.prefilter import NeedleIndex, filterable
from pipeline.tagging.results import CATEGORIES, Amount, CategoryResult, Measure, Org, TagResult
from pipeline.tagging.rules import AGAINST, CONTEXT, NONE_CUES, RuleHit, load_rules
from pipeline.tagging.text import compose, sentence_at
from pipeline.tagging.version import tagger_version

MAX_EVIDENCE_SPANS = 6
# Category rules are written for English; other languages get entities but no categories.
RULE_LANGUAGES = frozenset({"en", "und"})


class Tagger:
    """Tags documents with categories, organizations, amounts and measures. Build once, reuse."""

    def __init__(self, model_dir: Path | None = MODEL_DIR, *, settings: Combination = SETTINGS, plain: bool = False):
        """`plain`: spaCy's pipeline as shipped, the reference for the faster default (see pipeline.py)."""
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.nlp = build_nlp(self.model_dir, plain=plain)
        self.settings = settings
        self.version = tagger_version(self.model_dir)
        self._rules = load_rules()
        self._weights = self._rules.weights
        self._matchers = Matchers(self.nlp)
        # One look-up per document of every needle the rule regexes and the organization verbs need.
        self._needles = NeedleIndex(self._rules.needle_set | VERB_NEEDLES)
        self._has_model = self.nlp.has_pipe(TEXTCAT)
        # (category, its score factor when its context is missing), looked up once rather than per document
        self._context_factors = tuple((c, self._weights.get((CONTEXT, c), 1.0)) for c in CATEGORIES)

    def tag(self, title: str, summary: str = "", body: str = "", publication: str | None = None) -> TagResult:
        """`publication`: the outlet that wrote the item, never reported as one of its organizations when it
        appears only as the reporter ("BBC Verify found", "told WIRED")."""
        return next(self.tag_many([(title, summary, body, publication)]))

    def tag_many(self, items: Iterable[tuple], batch_size: int = 256) -> Iterator[TagResult]:
        """Items are (title, summary, body[, publication]) tuples, or bare titles."""
        composed = ((compose(*fields[:3]), fields[3]) for fields in map(_fields, items))
        # The classifier fails on a batch holding an empty document (thinc's n-gram extraction indexes past
        # the end), so runs of empty texts bypass it with the scores it gives one on its own: all zero.
        for empty, run in groupby(composed, key=lambda pair: not pair[0]):
            if empty:
                yield from (self.result(self._empty_doc(), publication, "") for _, publication in run)
                continue
            # Batches of texts with their publications beside them rather than as_tuples contexts, which cost a
            # wrapper per document; the composed text is kept too: Doc.text would rebuild it token by token.
            while batch := list(islice(run, batch_size)):
                docs = self.nlp.pipe([text for text, _ in batch], batch_size=batch_size)
                for doc, (text, publication) in zip(docs, batch, strict=True):
                    yield self.result(doc, publication, text)

    def _empty_doc(self):
        doc = self.nlp.make_doc("")
        if self._has_model:
            doc.cats = dict.fromkeys(CATEGORIES, 0.0)
        return doc

    def result(self, doc, publication: str | None = None, text: str | None = None) -> TagResult:
        text = doc.text if text is None else text
        language = detect_language(text)
        amounts, measures, matches = find_amounts(text), find_measures(text), self._matchers(doc, text)
        lower = text.lower()
        present = self._needles(lower) if filterable(text) else None
        orgs = drop_outlet(find_orgs(text, matches.orgs, present), text, publication)
        categories = (
            self.categories(doc, text, matches, amounts, measures, orgs, (lower, present))
            if language in RULE_LANGUAGES
            else []
        )
        return TagResult(
            categories=categories,
            orgs=orgs,
            amounts=amounts,
            measures=measures,
            language=language,
            version=self.version,
        )

    def categories(
        self,
        doc,
        text: str,
        matches: Matches,
        amounts: list[Amount],
        measures: list[Measure],
        orgs: list[Org] = (),
        needles: tuple[str, set[str] | None] | None = None,
    ) -> list[CategoryResult]:
        """`needles`: (the lower-cased text, the needles it may hold), when the caller has them already."""
        matched, against, context = self._rule_matches(matches, text, *(needles or (None, None)))
        context |= _org_context(orgs, self._rules.context_kinds)
        # A CVE id or a CVSS score is a system's flaw by definition: context for security as a phrase would be.
        context |= {MEASURE_RULES[m.kind][0] for m in measures if m.kind in MEASURE_RULES}
        _add_entity_cues(text, matched, amounts, measures)
        none_factor = 1.0 - self._weights.get((AGAINST, NONE_CUES), 0.0) if NONE_CUES in against else 1.0
        cats = doc.cats if self._has_model else None
        results = []
        for category, without_context in self._context_factors:
            spans = matched.get(category)
            factor = 1.0 if category in context else without_context
            # The classifier never saw the missing context, nor a review as one: its vote is discounted alike.
            # A category added to the registry since the model was trained has no vote: its rules decide it, as
            # a rules-only tagger's do, until `signaldesk train` learns it.
            model = cats[category] * factor * none_factor if cats is not None and category in cats else None
            if not spans and not model_may_keep_alone(model, self.settings):
                continue  # no rule hit and a model vote too weak to carry the category alone
            contra = self._contra(category, against)
            weights = [self._weights[(category, sub)] for sub in {s.id_ for s in spans}] if spans else []
            rule = rule_score(weights, contra, self.settings, context_factor=factor)
            decided = decide(category, rule, model, {}, self.settings, contradicted=contra > 0)
            if decided is not None:  # evidence is only worth building for the categories kept
                evidence = {**self._evidence(text, category, spans or [], against), **decided.evidence}
                results.append(CategoryResult(category, decided.score, decided.decided_by, evidence))
        return results

    def _rule_matches(
        self, matches: Matches, text: str, lower: str | None = None, present: set[str] | None = None
    ) -> tuple[dict[str, list], dict[str, list], set[str]]:
        """Rule hits by category, cues against each category (or NONE_CUES), categories whose context is present."""
        matched: dict[str, list] = {}
        against: dict[str, list] = {}
        context = set(matches.context)
        for label, hit in matches.hits:
            if label == AGAINST:
                against.setdefault(hit.id_, []).append(hit)
            else:
                matched.setdefault(label, []).append(hit)
        for category, hits in self._rules.regex_hits(text, lower, present).items():
            if category == AGAINST:
                for hit in hits:
                    against.setdefault(hit.id_, []).append(hit)
            else:
                matched.setdefault(category, []).extend(hits)
        return matched, against, context

    def _contra(self, category: str, against: dict) -> float:
        own = self._weights.get((AGAINST, category), 0.0) if category in against else 0.0
        return max(own, self._weights.get((AGAINST, NONE_CUES), 0.0) if NONE_CUES in against else 0.0)

    def _evidence(self, text: str, category: str, spans: list, against: dict) -> dict:
        if spans:
            best = max(spans, key=lambda s: (self._weights[(category, s.id_)], -s.start_char))
            sentence = sentence_at(text, best.start_char, best.end_char)
        else:
            sentence = text.split("\n", 1)[0]
        listed = sorted(spans, key=lambda s: (-self._weights[(category, s.id_)], s.start_char))[:MAX_EVIDENCE_SPANS]
        evidence = {
            "sentence": sentence,
            "spans": [
                {"text": s.text, "rule": f"{category}/{s.id_}", "start": s.start_char, "end": s.end_char}
                for s in listed
            ],
        }
        cues = against.get(category, []) + against.get(NONE_CUES, [])
        if cues:
            evidence["against"] = sorted({s.text for s in cues})
        return evidence


# Which measures count as which category's rule evidence (category, subtopic in patterns/<category>.json).
MEASURE_RULES = {
    "cve": ("security", "vulnerabilities"),
    "cvss": ("security", "vulnerabilities"),
    "power": ("infrastructure", "power"),
    "gpu_count": ("infrastructure", "chips"),
}
PRICE_RULE = ("demand", "pricing")


def _add_entity_cues(text: str, matched: dict[str, list], amounts: list[Amount], measures: list[Measure]) -> None:
    """Measures and priced amounts are rule evidence too: a CVE id is a vulnerability, "$20/month" a price."""
    cues = [(m.text, MEASURE_RULES.get(m.kind)) for m in measures] + [(a.text, PRICE_RULE) for a in amounts if a.period]
    for written, rule in cues:
        if rule is not None:
            start = max(text.find(written), 0)
            matched.setdefault(rule[0], []).append(RuleHit(written, rule[1], start, start + len(written)))


def _org_context(orgs, context_kinds: dict[str, frozenset[str]]) -> set[str]:
    """Categories whose context an organization supplies: one of the listed gazetteer kinds, or an unknown
    name found in a company's role (it raises, acquires, takes a corporate suffix)."""
    kinds = {org_kinds().get(org.canonical, "company") if org.canonical else "company" for org in orgs}
    if "company" in kinds:
        kinds.add("hyperscaler")  # an unknown company counts as any company would
    return {category for category, wanted in context_kinds.items() if kinds & wanted}


def _fields(item) -> tuple[str, str, str, str | None]:
    if isinstance(item, str):
        return item, "", "", None
    title, summary, body, publication = (tuple(item) + ("", "", "", None))[:4]
    return title or "", summary or "", body or "", publication or None
