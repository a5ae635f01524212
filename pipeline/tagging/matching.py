"""Phrase rules and the org gazetteer, matched straight on the tokens by one PhraseMatcher.

The matcher runs once per document outside the spaCy pipeline and hands back plain character offsets:
a SpanRuler would build, deduplicate and sort a Span object for every match and store them in doc.spans,
which cost more than the matching itself. Rule phrases match lower-cased tokens; organization names match
as written (case-sensitive), and where gazetteer names overlap the longest wins ("Amazon Web Services").
Both share one matcher on lower-cased tokens (one pass over the tokens instead of two): a name's match
counts only when its tokens are also written as the name is, which is exactly what matching as written finds.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from pipeline.tagging.orgs import gazetteer
from pipeline.tagging.rules import CONTEXT, RuleHit, load_rules

ORG = "ORG"


class PhraseHit(NamedTuple):
    label: str  # category, or AGAINST
    hit: RuleHit


class KnownOrg(NamedTuple):
    start: int
    end: int
    canonical: str


class Matches(NamedTuple):
    hits: list[PhraseHit]  # rule phrases in text order
    context: set[str]  # categories whose context phrases matched
    orgs: list[KnownOrg]  # gazetteer names, longest first where they overlap, in text order


class Matchers:
    """Built once per Tagger from the rule files and the gazetteer (compiling them is the slow part)."""

    def __init__(self, nlp: Language):
        names = [{"label": ORG, "id": canonical, "pattern": alias} for alias, canonical in gazetteer().items()]
        grouped: dict[tuple[str, str], list[str]] = {}
        for pattern in load_rules().phrases + names:
            grouped.setdefault((pattern["label"], pattern["id"]), []).append(pattern["pattern"])
        self._matcher, self._keys = PhraseMatcher(nlp.vocab, attr="LOWER"), {}
        self._written: dict[int, frozenset[tuple[int, ...]]] = {}  # an org key -> its names' token orths
        self._context: dict[int, str] = {}  # a context phrase's key -> its category
        for (label, rule_id), phrases in grouped.items():
            name = f"{label}\t{rule_id}"
            docs = list(nlp.tokenizer.pipe(phrases))
            self._matcher.add(name, docs)
            key = nlp.vocab.strings[name]
            self._keys[key] = (label, rule_id)
            if label == ORG:
                self._written[key] = frozenset(tuple(token.orth for token in doc) for doc in docs)
            elif label == CONTEXT:
                self._context[key] = rule_id

    def __call__(self, doc, text: str) -> Matches:
        """The rule phrase hits (context phrases need no offsets, and they are most of the hits: "AI" is
        everywhere) and the known organizations of one document."""
        rules, orgs, context = [], [], set()
        in_context, written = self._context, self._written
        for match in self._matcher(doc):
            key = match[0]
            if key in in_context:  # checked first: most matches are context phrases
                context.add(in_context[key])
            elif (names := written.get(key)) is None:
                rules.append(match)
            elif tuple(doc[i].orth for i in range(match[1], match[2])) in names:
                orgs.append(match)
        return Matches(
            self._rule_hits(doc, text, rules) if rules else [], context, self._known_orgs(doc, orgs) if orgs else []
        )

    def _rule_hits(self, doc, text: str, matches: list) -> list[PhraseHit]:
        hits = []
        for match_id, start, end in sorted(set(matches)):
            label, rule_id = self._keys[match_id]
            first, stop = _char_span(doc, start, end)
            hits.append(PhraseHit(label, RuleHit(text[first:stop], rule_id, first, stop)))
        return hits

    def _known_orgs(self, doc, matches: list) -> list[KnownOrg]:
        taken: set[int] = set()
        kept = []
        for match_id, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                kept.append((start, KnownOrg(*_char_span(doc, start, end), self._keys[match_id][1])))
        return [org for _, org in sorted(kept)]


def _char_span(doc, start: int, end: int) -> tuple[int, int]:
    """Span.start_char and Span.end_char of doc[start:end], without building the Span (it costs more)."""
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)
