"""Phrase rules and the org gazetteer, matched straight on the tokens with two PhraseMatchers.

The matchers run once per document outside the spaCy pipeline and hand back plain character offsets:
a SpanRuler would build, deduplicate and sort a Span object for every match and store them in doc.spans,
which cost more than the matching itself. Rule phrases match lower-cased tokens; organization names match
as written (case-sensitive), and where gazetteer names overlap the longest wins ("Amazon Web Services").
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from pipeline.tagging.orgs import gazetteer
from pipeline.tagging.rules import CONTEXT, RuleHit, load_rules


class PhraseHit(NamedTuple):
    label: str  # category, or AGAINST
    hit: RuleHit


class KnownOrg(NamedTuple):
    start: int
    end: int
    canonical: str


class Matchers:
    """Built once per Tagger from the rule files and the gazetteer (compiling them is the slow part)."""

    def __init__(self, nlp: Language):
        self._rules, self._rule_keys = self._build(nlp, "LOWER", load_rules().phrases)
        self._orgs, self._org_keys = self._build(
            nlp, "ORTH", [{"label": "ORG", "id": canonical, "pattern": alias} for alias, canonical in gazetteer().items()])

    @staticmethod
    def _build(nlp: Language, attr: str, patterns: list[dict]) -> tuple[PhraseMatcher, dict[int, tuple[str, str]]]:
        grouped: dict[tuple[str, str], list[str]] = {}
        for pattern in patterns:
            grouped.setdefault((pattern["label"], pattern["id"]), []).append(pattern["pattern"])
        matcher, keys = PhraseMatcher(nlp.vocab, attr=attr), {}
        for (label, rule_id), phrases in grouped.items():
            key = f"{label}\t{rule_id}"
            matcher.add(key, list(nlp.tokenizer.pipe(phrases)))
            keys[nlp.vocab.strings[key]] = (label, rule_id)
        return matcher, keys

    def rule_hits(self, doc, text: str) -> tuple[list[PhraseHit], set[str]]:
        """Phrase hits in text order, and the categories whose context phrases matched (those need no
        offsets, and they are most of the hits: "AI" is everywhere)."""
        hits, context = [], set()
        for match_id, start, end in sorted(set(self._rules(doc))):
            label, rule_id = self._rule_keys[match_id]
            if label == CONTEXT:
                context.add(rule_id)
                continue
            last = doc[end - 1]
            first, stop = doc[start].idx, last.idx + len(last)
            hits.append(PhraseHit(label, RuleHit(text[first:stop], rule_id, first, stop)))
        return hits, context

    def known_orgs(self, doc) -> list[KnownOrg]:
        """Gazetteer matches, longest first where they overlap, in text order."""
        matches = sorted(self._orgs(doc), key=lambda m: (m[1] - m[2], m[1]))
        taken: set[int] = set()
        kept = []
        for match_id, start, end in matches:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                last = doc[end - 1]
                kept.append((start, KnownOrg(doc[start].idx, last.idx + len(last), self._org_keys[match_id][1])))
        return [org for _, org in sorted(kept)]
