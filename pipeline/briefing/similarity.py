"""Is this the same real-world event? Text overlap (TF-IDF cosine) weighed with shared entities.

Headlines of one event told by different outlets share few words ("Lumen lands $2B Nvidia investment" vs
"Nvidia takes $2 billion stake in Lumen"), so words alone under-join; the same company in two different
events shares its name, so organizations alone over-join. The score adds both, and disjoint organization
sets count against a join.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.briefing.contracts import Amount

JOIN_THRESHOLD = 0.5
# A key shared by more profiles than this proposes no pair on its own: a word that common says nothing
# about which event it is, and an organization that common (a hyperscaler) is in many different events.
WORD_POSTING_CAP = 50
ENTITY_POSTING_CAP = 200
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Function words plus words every tech headline carries: they say nothing about which event it is.
_STOP = frozenset(
    """
a about after again against all also an and any are as at be been before being but by can could did do does
for from had has have he her his how if in into is it its it's just may more most new no not now of off on
once one only or other our out over own says said say she so some such than that the their them then there
these they this those through to too under up us very was we were what when where which while who why will
with would you your ai report reports reportedly sources source according company companies firm plans
plan announces announced announce launches launch update updates via amid week today year years
""".split()
)


@dataclass
class Profile:
    """What two accounts of an event are compared on."""

    words: Counter
    orgs: frozenset[str]
    amounts: frozenset[tuple[str, float]]
    clusters: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)


def tokens(text: str) -> list[str]:
    words = []
    for word in _TOKEN.findall(text.lower().replace("’", "'")):
        word = word.split("'")[0]
        if word in _STOP or len(word) < 2:
            continue
        words.append(_stem(word))
    return words


def _stem(word: str) -> str:
    """Light suffix folding ("pivots", "pivoting" -> "pivot"): enough to match headlines, no dependency."""
    if word.endswith("ss") or word.isdigit():
        return word
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_CAPITALIZED = re.compile(r"\b[A-Z][A-Za-z0-9]{3,}")


def title_names(title: str, orgs: frozenset[str]) -> frozenset[str]:
    """Capitalized headline words the tagger did not already know as organizations (a small company,
    a product, a place): the words two outlets are most likely to share when they tell one event."""
    known = {t for o in orgs for t in tokens(o)}
    names = {t for word in _CAPITALIZED.findall(title) for t in tokens(word)}
    return frozenset(names - known)


def make_profile(title: str, summary: str, orgs, amounts, clusters=()) -> Profile:
    # The title is what the outlet chose to say the event is: it counts double against the summary.
    words = Counter(tokens(title) * 2 + tokens(" ".join(summary.split()[:60])))
    org_keys = frozenset(o.lower() for o in orgs if o)
    amount_keys = frozenset(amount_key(a) for a in amounts if a.value)
    return Profile(words, org_keys, amount_keys, frozenset(c for c in clusters if c), title_names(title, org_keys))


def amount_key(amount: Amount) -> tuple[str, float]:
    """Currency and value rounded to two significant digits, so $2B and $2.0 billion match."""
    value = amount.value
    digits = 1 - int(math.floor(math.log10(abs(value)))) if value else 0
    return (str(amount.currency or "").upper(), round(value, digits))


class Idf:
    """Inverse document frequency over the profiles compared together (smoothed, as in TF-IDF)."""

    def __init__(self, profiles: list[Profile]):
        self.n = len(profiles)
        self.df = Counter(word for p in profiles for word in p.words)

    def weight(self, word: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(word, 0))) + 1.0

    def vector(self, profile: Profile) -> dict[str, float]:
        vec = {w: c * self.weight(w) for w, c in profile.words.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


RARE_NAME_DF = 5


def event_score(text: float, a: Profile, b: Profile, idf: Idf | None = None) -> float:
    """Text cosine plus entity evidence; >= JOIN_THRESHOLD means one event."""
    score = text
    if a.orgs and b.orgs:
        shared = len(a.orgs & b.orgs) / min(len(a.orgs), len(b.orgs))
        score += 0.25 * shared if shared else -0.15
    if a.amounts & b.amounts:
        score += 0.2
    # A rare capitalized headline word in both ("Allbirds") is entity evidence the tagger missed.
    if idf is not None and any(idf.df.get(n, 0) <= RARE_NAME_DF for n in a.names & b.names):
        score += 0.2
    return score


def conflicting(a: Profile, b: Profile) -> bool:
    """An aggregator put them in different clusters: it has already judged them different events."""
    return bool(a.clusters and b.clusters and not (a.clusters & b.clusters))


def profile_keys(profile: Profile) -> list[tuple]:
    keys: list[tuple] = [("w", w) for w in profile.words] + [("o", o) for o in profile.orgs]
    return keys + [("a", a) for a in profile.amounts] + [("c", c) for c in profile.clusters]


def postings(profiles: list[Profile]) -> dict[tuple, list[int]]:
    """Profiles by key, without the keys too common to propose a pair."""
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, profile in enumerate(profiles):
        for key in profile_keys(profile):
            index[key].append(i)
    return {k: v for k, v in index.items() if len(v) <= (WORD_POSTING_CAP if k[0] == "w" else ENTITY_POSTING_CAP)}


def candidates(profile: Profile, index: dict[tuple, list[int]]) -> set[int]:
    """Indices of the profiles in `index` that share a distinctive key with `profile`: the only ones worth
    scoring, so the cost follows the day's overlaps rather than the product of two lists."""
    return {j for key in profile_keys(profile) for j in index.get(key, ())}
