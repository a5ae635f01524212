"""The Tagger: one spaCy pass per document, then money, measures, organizations and the category decisions.

Per document: the tokenizer (batched), the phrase matcher over its tokens, the rule regexes over the text
and its lower-cased twin, the entity readers over the text, then the classifier (linear.py) over the
tokens' n-grams and what the rules found. Nothing is tokenized twice and no sentence is split unless a
result needs its evidence sentence; a regex runs only when the text holds one of the literal strings its
matches need (prefilter.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from pipeline.language import detect_language
from pipeline.tagging.combine import decide, rule_score
from pipeline.tagging.features import RuleEvidence, batch_ngram_rows_of, lower_ids, named_features, ngram_rows
from pipeline.tagging.linear import LinearModel, load
from pipeline.tagging.matching import Matchers, Matches
from pipeline.tagging.measures import find_measures
from pipeline.tagging.money import find_amounts
from pipeline.tagging.orgs import VERB_NEEDLES, find_orgs, org_kinds
from pipeline.tagging.outlet import drop_outlet
from pipeline.tagging.pipeline import MODEL_DIR, build_nlp
from pipeline.tagging.prefilter import NeedleIndex, filterable
from pipeline.tagging.results import CATEGORIES, Amount, CategoryResult, Measure, Org, TagResult
from pipeline.tagging.rules import AGAINST, CONTEXT, NONE_CUES, RuleHit, load_rules
from pipeline.tagging.text import compose, sentence_at
from pipeline.tagging.version import tagger_version

MAX_EVIDENCE_SPANS = 6
# Category rules are written for English; other languages get entities but no categories.
RULE_LANGUAGES = frozenset({"en", "und"})


class _Read(NamedTuple):
    language: str
    matches: Matches
    amounts: list[Amount]
    measures: list[Measure]
    orgs: list[Org]
    needles: tuple[str, set[str] | None]  # the lower-cased text, the needles it may hold

    @property
    def evidence_args(self) -> tuple:
        return self.matches, self.amounts, self.measures, self.orgs, self.needles


class Tagger:
    """Tags documents with categories, organizations, amounts and measures. Build once, reuse."""

    def __init__(self, model_dir: Path | None = MODEL_DIR, *, plain: bool = False):
        """`model_dir`: the trained classifier (None: rules alone decide). `plain`: spaCy's tokenizer as
        shipped, the reference for the faster default (see pipeline.py)."""
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.nlp = build_nlp(plain=plain)
        self.model: LinearModel | None = load(self.model_dir) if self.model_dir is not None else None
        self.version = tagger_version(self.model_dir)
        self._rules = load_rules()
        self._weights = self._rules.weights
        self._matchers = Matchers(self.nlp)
        # One look-up per document of every needle the rule regexes and the organization verbs need.
        self._needles = NeedleIndex(self._rules.needle_set | VERB_NEEDLES)
        # (category, its score factor when its context is missing), looked up once rather than per document
        self._context_factors = tuple((c, self._weights.get((CONTEXT, c), 1.0)) for c in CATEGORIES)

    def tag(self, title: str, summary: str = "", body: str = "", publication: str | None = None) -> TagResult:
        """`publication`: the outlet that wrote the item, never reported as one of its organizations when it
        appears only as the reporter ("BBC Verify found", "told WIRED")."""
        return next(self.tag_many([(title, summary, body, publication)]))

    def tag_many(self, items: Iterable[tuple], batch_size: int = 256) -> Iterator[TagResult]:
        """Items are (title, summary, body[, publication]) tuples, or bare titles. What `result` gives each
        document alone, with the classifier run once per batch (tests/tagging/test_features.py)."""
        for batch in self._batches(items, batch_size):
            # Each document is read to the end at once and only what the result needs is kept for the batch's
            # classifier run: the spaCy Doc and the phrase matches held for a whole batch were most of the
            # objects the garbage collector's full passes had to walk.
            kept, words = [], []
            for text, publication in batch:
                doc = self.nlp.make_doc(text)
                read = self._read(doc, publication, text)
                evidence = self._rule_evidence(text, read)
                kept.append((text, read.language, read.orgs, read.amounts, read.measures, evidence))
                words.append(lower_ids(doc))
            probabilities = self._batch_probabilities(words, [entry[-1] for entry in kept])
            for (text, language, orgs, amounts, measures, evidence), probs in zip(kept, probabilities, strict=True):
                yield self._result(text, language, orgs, amounts, measures, evidence, probs)

    def result(self, doc, publication: str | None = None, text: str | None = None) -> TagResult:
        """One document on its own: the plain path that tag_many batches."""
        text = doc.text if text is None else text
        read = self._read(doc, publication, text)
        evidence = self._rule_evidence(text, read)
        probabilities = None
        if evidence is not None and self.model is not None:
            probabilities = self.model.probabilities(ngram_rows(doc), named_features(evidence))
        return self._result(text, read.language, read.orgs, read.amounts, read.measures, evidence, probabilities)

    def features_many(self, items: Iterable[tuple], batch_size: int = 256) -> Iterator[tuple]:
        """What the classifier reads of each item, (ngram rows, named features): what `train` fits on."""
        for text, publication in (entry for batch in self._batches(items, batch_size) for entry in batch):
            doc = self.nlp.make_doc(text)
            read = self._read(doc, publication, text)
            yield ngram_rows(doc), named_features(self.rule_evidence(text, *read.evidence_args))

    def _batch_probabilities(self, words: list, evidence: list[RuleEvidence | None]) -> list[dict | None]:
        """`words`: each document's lower_ids."""
        if self.model is None:
            return [None] * len(words)
        rows, owners = batch_ngram_rows_of(words)
        named = [named_features(found) if found is not None else set() for found in evidence]
        matrix = self.model.batch_probabilities(rows, owners, named).tolist()
        categories = self.model.categories
        return [None if found is None else dict(zip(categories, row)) for found, row in zip(evidence, matrix)]

    def _batches(self, items: Iterable[tuple], batch_size: int) -> Iterator[list[tuple[str, str | None]]]:
        """(composed text, publication) in batches: the text is kept beside its Doc, whose .text would rebuild
        it token by token."""
        composed = ((compose(*fields[:3]), fields[3]) for fields in map(_fields, items))
        while batch := list(islice(composed, batch_size)):
            yield batch

    def _rule_evidence(self, text: str, read: _Read) -> RuleEvidence | None:
        """None where no category is decided at all: an empty text, or one in a language the rules don't read."""
        if read.language not in RULE_LANGUAGES or not text.strip():
            return None
        return self.rule_evidence(text, *read.evidence_args)

    def _result(self, text: str, language: str, orgs, amounts, measures, evidence, probabilities) -> TagResult:
        return TagResult(
            categories=self.decisions(text, evidence, probabilities) if evidence is not None else [],
            orgs=orgs,
            amounts=amounts,
            measures=measures,
            language=language,
            version=self.version,
        )

    def _read(self, doc, publication: str | None, text: str) -> _Read:
        """The entities and phrase matches of one document: what both the result and the features need."""
        amounts, measures, matches = find_amounts(text), find_measures(text), self._matchers(doc, text)
        lower = text.lower()
        present = self._needles(lower) if filterable(text) else None
        orgs = drop_outlet(find_orgs(text, matches.orgs, present), text, publication)
        return _Read(detect_language(text), matches, amounts, measures, orgs, (lower, present))

    def decisions(self, text: str, evidence: RuleEvidence, probabilities: dict | None) -> list[CategoryResult]:
        """The categories kept, each with its evidence. `probabilities`: the classifier's, None without one."""
        probabilities = probabilities or {}
        threshold = self.model.settings.threshold if self.model is not None else 0.0
        results = []
        for category in CATEGORIES:
            model = probabilities.get(category)
            if model is not None and model < threshold:
                continue  # what decide answers to any probability under the threshold, for a fraction of its cost
            contradicted = category in evidence.against or NONE_CUES in evidence.against
            rule = evidence.rule_scores.get(category, 0.0)
            decided = decide(category, rule, model, threshold, contradicted=contradicted)
            if decided is not None:  # evidence is only worth building for the categories kept
                spans = evidence.matched.get(category, [])
                details = {**self._evidence(text, category, spans, evidence.against), **decided.evidence}
                results.append(CategoryResult(category, decided.score, decided.decided_by, details))
        return results

    def rule_evidence(
        self,
        text: str,
        matches: Matches,
        amounts: list[Amount],
        measures: list[Measure],
        orgs: list[Org] = (),
        needles: tuple[str, set[str] | None] | None = None,
    ) -> RuleEvidence:
        """What the rules found: the classifier's named features and each category's rule score."""
        matched, against, context = self._rule_matches(matches, text, *(needles or (None, None)))
        kinds = _org_kinds(orgs) if orgs else set()
        if kinds:
            context.update(category for category, wanted in self._rules.context_kinds.items() if kinds & wanted)
        if measures:
            # A CVE id or a CVSS score is a system's flaw by definition: context for security as a phrase would be.
            context.update(MEASURE_RULES[m.kind][0] for m in measures if m.kind in MEASURE_RULES)
        if measures or amounts:
            _add_entity_cues(text, matched, amounts, measures)
        scores, weights = {}, self._weights
        for category, without_context in self._context_factors:
            if spans := matched.get(category):
                found = [weights[(category, sub)] for sub in {s.id_ for s in spans}]
                factor = 1.0 if category in context else without_context
                scores[category] = rule_score(found, self._contra(category, against), context_factor=factor)
        return RuleEvidence(
            matched=matched,
            against=against,
            context=frozenset(context),
            rule_scores=scores,
            amount_roles=tuple(sorted({a.role or "other" for a in amounts})) if amounts else (),
            measure_kinds=tuple(sorted({m.kind for m in measures})) if measures else (),
            org_kinds=tuple(sorted(kinds)),
        )

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
        weights = self._weights
        # The strongest span first, the earliest among equals: its sentence is the evidence sentence.
        listed = sorted(spans, key=lambda s: (-weights[(category, s.id_)], s.start_char))
        if listed:
            sentence = sentence_at(text, listed[0].start_char, listed[0].end_char)
        else:
            sentence = text.split("\n", 1)[0]
        listed = listed[:MAX_EVIDENCE_SPANS]
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


def _org_kinds(orgs) -> set[str]:
    """The gazetteer kinds of the organizations, which supply a category's context where listed; an unknown
    name found in a company's role (it raises, acquires, takes a corporate suffix) is a company."""
    kinds = {org_kinds().get(org.canonical, "company") if org.canonical else "company" for org in orgs}
    if "company" in kinds:
        kinds.add("hyperscaler")  # an unknown company counts as any company would
    return kinds


def _fields(item) -> tuple[str, str, str, str | None]:
    if isinstance(item, str):
        return item, "", "", None
    title, summary, body, publication = (tuple(item) + ("", "", "", None))[:4]
    return title or "", summary or "", body or "", publication or None
