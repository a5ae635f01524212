"""Organizations: known ones from the gazetteer (a SpanRuler), unknown ones from the role they play.

An unknown capitalized name counts as an organization only when the sentence gives it a company's role:
it raises or acquires, is acquired or breached, takes a corporate suffix ("Bedrock Robotics"), or is
described as a startup or firm. Places, products and people's names are filtered out with the stop lists
in `gazetteer/not_orgs.json`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from pipeline.tagging.prefilter import requirements
from pipeline.tagging.results import Org
from pipeline.tagging.text import sentence_at

GAZETTEER_DIR = Path(__file__).parent / "gazetteer"

_WORD = r"(?:[A-Z][\w&'’.-]*[\w&]|[A-Z]|\d+[A-Za-z][\w.]*|[a-z]+\d[\w.]*)"
_NAME = rf"{_WORD}(?: (?:{_WORD}|&|(?:of(?: the)?|de)\b))*"  # one line: a title never runs into the summary
_SUFFIX = (
    r"Inc\.?|Corp\.?|Corporation|Ltd\.?|LLC|GmbH|AG|Labs?|Robotics|Technologies|Technology|Systems|"
    r"Capital|Ventures|Partners|Holdings|Group|Intelligence|Bio|Biosciences|Therapeutics|Networks|"
    r"Software|Semiconductors?|Energy|Power|Games|Protocol|Foundation|Institute|University|"
    r"Agency|Authority|Commission|Association|Federation|Council|Ministry|Exchange|Bank|Motors|"
    r"Aerospace|Dynamics|Analytics|Computing|Co\."
)
_SUBJECT_VERBS = (
    r"raises|raised|is raising|lands|landed|nabs|snags|secures|secured|bags|closes|closed|"
    r"acquires|acquired|to acquire|agrees to acquire|buys|bought|to buy|files for|filed for|"
    r"confirms (?:a )?(?:data )?breach|discloses|disclosed|was hacked|was breached|suffers|suffered|"
    r"partners with|teams up with|takes (?:a )?(?:\$[\d.]+\w* )?stake|sells|valued at|hits \$"
)
_OBJECT_CUES = (
    r"acquire|acquires|acquiring|acquired|acquisition of|buy|buys|buying|bought|takeover of|"
    r"stake in|invest in|invests in|invested in|investment in|partnership with|partners with|"
    r"breach at|breach of|hack at|hack of|attack on|cyberattack on|ransomware attack on|backed by|"
    r"led by|spun out of|spawned out of|founded|sues|sued|suing|against"
)
# Nationalities describe in "Israeli startup X" but may start a company's name ("American Express").
_NATIONALITIES = frozenset(
    "Swiss German French British Chinese Japanese Korean Indian Israeli Dutch European American US U.S. UK".split()
)
_DESCRIPTORS = _NATIONALITIES | frozenset(
    "AI Chip Chipmaker Startup Start-Up Start-up Firm Maker Company Giant Rival Platform App Unicorn Lab Tech "
    "Security Cybersecurity Fintech Biotech Robotics Humanoid Data Center Cloud Software Semiconductor Voice "
    "Defense Crypto Exchange Research Design Provider Developer Operator Vendor Retailer Marketplace "
    "Healthcare Insurance Bank Media Streaming Social Gaming Deep Local TV Hardware Networking Agent Agentic "
    "Coding Search Payments Stealth Paris-based London-based Startups DeFi DEX".split()
)
# Role cues are found first (cheap literal alternations); the name is then read next to the cue. The
# case-sensitive cues (a company suffix, an appositive) scan the text; the verbs scan its lower-cased copy,
# several times faster than a case-insensitive alternation.
_CASED_CUES = re.compile(
    rf"(?P<suffix>[ ](?=[A-Z])(?:{_SUFFIX})(?![\w-]))"  # every suffix is capitalized: most words fail at once
    r"|(?P<appositive>,\s(?:(?:a|an|the)\s(?:[\w-]+\s){0,4}(?:startup|start-up|company|firm|maker|provider|"
    r"developer|platform|lab|operator|vendor|exchange|fund|investor|agency|regulator|group|unicorn|chipmaker|"
    r"competitor|rival|alternative|subsidiary|spinoff|spin-off)\b"
    r"|which\s(?:makes|builds|develops|provides|operates|sells|offers|runs)\b))"
)
# What a company does, said of a name that opens the title or a sentence ("Hightouch reaches $100M ARR",
# "Glydways is in talks to raise"): a person or a place opening one is filtered as anywhere else.
_LEAD_VERBS = (
    r"reaches|unveils|launches|is launching|has launched|announces|rolls out|is rolling out|expands|"
    r"debuts|introduces|releases|loses|is in talks|ignored|sues|is suing|has begun|has stopped|is adding|adds|"
    r"warns|cuts|lays off|hires|ships|opens|is planning|is preparing|signs|settles|faces|becomes|"
    r"pivots|rebrands|shuts down|is shutting down|is ditching|cancels|is going|has quietly"
)
# A company's role noun right before a name: "vibe-coding startup Emergent", "sanitary towel firm Bodyform".
# Only in lower case in the text itself: "Startup Battlefield" in a title is an event's name.
_ROLE_NOUNS = (
    r"startup|start-up|company|firm|maker|outfit|app|platform|provider|developer|chipmaker|retailer|unicorn|"
    r"rival|competitor|giant|operator|vendor|brand|insurer|lender|carrier|airline|manufacturer|automaker|"
    r"publisher|studio|service|subsidiary|spinoff|spin-off"
)
_VERB_CUES = re.compile(
    rf"(?P<subject>(?<=\s)(?:{_SUBJECT_VERBS})(?:(?<=\$)|(?![\w-])))"  # "closed-loop" is not "closed"
    rf"|(?P<object>\b(?:{_OBJECT_CUES})\s(?:(?:the|a|an|its|rival|startup|firm)\s)*)"
    rf"|(?P<lead>(?<=\s)(?:{_LEAD_VERBS})\b)"
    rf"|(?P<role>(?<![\w-])(?:{_ROLE_NOUNS}),?[ ](?=\S))"  # a space: a title's last word never cues the summary
)
# A string of this group is in every verb cue: a text holding none of them (most do) skips the verb scan.
VERB_NEEDLES = frozenset(requirements(_VERB_CUES, limit=200)[0])
# A name may end in an abbreviation's full stop ("Science Corp."), never in a sentence's.
_NAME_BEFORE = re.compile(
    rf"(?<![\w&'’.-])(?P<name>{_NAME}(?:(?<=Corp)|(?<=Inc)|(?<=Ltd)|(?<=Co))\.|{_NAME})(?:’s|'s)?\s?$"
)
_NAME_AFTER = re.compile(rf"(?P<name>{_NAME})")
_WINDOW = 80
# Compiled once: re's cache of patterns given as strings can evict them, and the suffix list is slow to compile.
_SUFFIX_WORD = re.compile(_SUFFIX)
_LEGAL_SUFFIX = re.compile(r"Inc\.?|Corp\.?|Corporation|Ltd\.?|LLC|GmbH|AG|Co\.")
_NON_SPACE = re.compile(r"\S+")
_STOP_TAIL = frozenset("For In At With To On From By As And Of The A An Is Are Will After Over Into Amid".split())


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Every way a known organization is written -> its canonical name."""
    data = json.loads((GAZETTEER_DIR / "orgs.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for kind, entries in data.items():
        if kind.startswith("_"):
            continue
        for canonical, aliases in entries.items():
            for alias in [canonical, *aliases]:
                names.setdefault(alias, canonical)
    return names


@lru_cache(maxsize=1)
def together_names() -> dict[str, str]:
    """Known name -> the known name it is reported as when a text names both ("Alphabet" -> "Google")."""
    data = json.loads((GAZETTEER_DIR / "orgs.json").read_text(encoding="utf-8"))
    return {name: other for name, other in data.get("_together", {}).items() if not name.startswith("_")}


@lru_cache(maxsize=1)
def org_kinds() -> dict[str, str]:
    """Canonical name -> its kind in the gazetteer (hyperscaler, chipmaker, utility, vc, lab, agency, media)."""
    data = json.loads((GAZETTEER_DIR / "orgs.json").read_text(encoding="utf-8"))
    return {canonical: kind for kind, entries in data.items() if not kind.startswith("_") for canonical in entries}


@lru_cache(maxsize=1)
def not_orgs() -> dict[str, frozenset[str]]:
    data = json.loads((GAZETTEER_DIR / "not_orgs.json").read_text(encoding="utf-8"))
    return {key: frozenset(values) for key, values in data.items() if not key.startswith("_")}


def find_orgs(text: str, known: list[tuple[int, int, str]], present: set[str] | None = None) -> list[Org]:
    """Known organizations (gazetteer matches as (start, end, canonical), longest already kept where they
    overlap) and unknown ones in company roles, as written. `present`: the needles the lower-cased text
    may hold (a NeedleIndex's answer, covering VERB_NEEDLES), to skip the verb scan where none can match."""
    found: dict[str, Org] = {}
    taken: list[tuple[int, int]] = []
    for start, end, canonical in known:
        written = text[start:end]
        if written not in found:
            found[written] = Org(written, canonical or None, sentence_at(text, start, end))
        taken.append((start, end))
    for start, end in _role_names(text, present):
        name = text[start:end]
        if name not in found and not any(s <= start and end <= e for s, e in taken):
            found[name] = Org(name, gazetteer().get(name), sentence_at(text, start, end))
    for key, org in list(found.items()):
        if org.canonical is None and found.get(key) is org:
            _merge_short_form(text, key, org, found)
    return [
        org
        for org in _one_per_name(found.values())
        if not _only_venue(org.text, text) and not _only_affiliation(org.text, text)
    ]


# A platform is the place of a post, not an actor: "shared an image on X", "tools sold on Telegram", "chat
# on platforms like WhatsApp and Telegram", "summarize YouTube videos", "a post on LinkedIn".
_VENUE_BEFORE = re.compile(
    r"\b(?:post|posts|posted|posting|shared|sharing|wrote|writes|said|says|announced|tweeted|thread|video|videos|"
    r"image|images|message|messages|sold|selling|sells|available|live|streamed|streaming|comments?|account|"
    r"channel|page|ads?|appeared|published|uploaded|chat|platforms like)\b[^.;:\n]{0,40}?"
    r"\b(?:on|onto|via|to)\s(?:(?:[\w-]+,?\s){0,3}(?:and|or)\s)?$"
)
_VENUE_AFTER = re.compile(
    r"['’]?s?\s(?:videos?|posts?|accounts?|channels?|folders?|pages?|profiles?|feeds?|threads?|repositories|"
    r"repository|repos?|links?|organization account|livestreams?|servers?|handles?)\b"
)


# A person's affiliation is not the story's actor: "a former Palantir employee", "a top UN official", "US Treasury
# secretary says". A chief or founder speaks for the company ("Nvidia's CFO admits"): that one stays.
_PERSON_AFTER = re.compile(
    r"(?:['’]s)?\s(?:employees?|staffers?|alumni|alum|[Ss]ecretary|[Mm]inister|nominee|officials?)\b"
)
_PERSON_BEFORE = re.compile(r"\b[Ff]ormer\s$")


def _only_affiliation(name: str, text: str) -> bool:
    mentions = list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))
    return bool(mentions) and all(
        _PERSON_AFTER.match(text, m.end()) or _PERSON_BEFORE.search(text, max(0, m.start() - 12), m.start())
        for m in mentions
    )


def _only_venue(name: str, text: str) -> bool:
    """A platform named only as the place where something was posted, shared or sold."""
    if name not in not_orgs()["platforms"]:
        return False
    mentions = list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))
    return bool(mentions) and all(
        _VENUE_BEFORE.search(text, max(0, m.start() - 80), m.start()) or _VENUE_AFTER.match(text, m.end())
        for m in mentions
    )


def _one_per_name(orgs) -> list[Org]:
    """One org per canonical name ("AWS" and "Amazon Web Services" in one text are one actor), the first kept;
    a holding company named beside its operating company (the gazetteer's `_together`) is that company."""
    orgs = list(orgs)
    together = together_names()
    present = {org.canonical for org in orgs}
    seen: set[str] = set()
    kept = []
    for org in orgs:
        if org.canonical in together and together[org.canonical] in present:
            org = Org(org.text, together[org.canonical], org.sentence)
        name = org.canonical or org.text
        if name not in seen:
            seen.add(name)
            kept.append(org)
    return kept


def _merge_short_form(text: str, key: str, org: Org, found: dict[str, Org]) -> None:
    """ "Fauna Robotics ... Fauna's first product": the first word alone, elsewhere, names the same org. It is one
    actor, reported once in its fullest form (the labeling guide lists no variants)."""
    words = org.text.split()
    if len(words) < 2 or not _plausible(words[0]) or len(words[0]) < 3:
        return
    short = found.get(words[0])
    if short is not None and short.canonical is not None:
        return  # a known company of its own name, not this one's short form
    start = _alone(text, words[0], f" {words[1]}")
    if start < 0:
        return
    found.pop(words[0], None)


def _alone(text: str, word: str, not_before: str) -> int:
    """Where `word` first stands alone (no letter, digit, _ or - on either side) and is not followed by
    `not_before`, or -1. Searched with str.find: a regex built per name would be compiled per name."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (
            (start == 0 or not _word_char(text[start - 1]))
            and (end == len(text) or not _word_char(text[end]))
            and not text.startswith(not_before, end)
        ):
            return start
        start = text.find(word, start + 1)
    return -1


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"  # re's \w (Unicode alphanumerics and _), and the hyphen


def _cues(text: str, present: set[str] | None = None) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every role cue, in text order."""
    cues = [(m.lastgroup, m.start() + (m.lastgroup == "suffix"), m.end()) for m in _CASED_CUES.finditer(text)]
    if present is not None and present.isdisjoint(VERB_NEEDLES):
        return cues  # already in text order
    lower = text.lower()
    if len(lower) == len(text):  # else offsets would drift ("İ" grows when lower-cased); verbs are then skipped
        cues += [(m.lastgroup, m.start(), m.end()) for m in _VERB_CUES.finditer(lower)]
    return sorted(cues, key=lambda cue: cue[1])


def _role_names(text: str, present: set[str] | None = None):
    for kind, cue_start, cue_end in _cues(text, present):
        spans = []
        if kind == "role" and not text[cue_start].islower():
            continue
        if kind in ("object", "subject", "role"):  # "X agreed to acquire Y": the verb names both sides
            spans.append((_name_after(text, cue_end), False))
        if kind not in ("object", "role"):
            spans.append((_name_before(text, cue_start, cue_end if kind == "suffix" else cue_start), True))
        for span, backwards in spans:
            if span is None:
                continue
            words = _trim(text, *span, backwards=backwards, suffixed=kind == "suffix")
            if kind == "suffix":
                words = words[-2:] if _title_case_line(text, span[0]) else words[-3:]
                # "How Much Power" -> "Power"; "DEX Drift Protocol" -> "Drift Protocol"
                words = _drop_leading(text, words, not_orgs()["words"] | (_DESCRIPTORS - _NATIONALITIES))
            if (
                len(words) >= (2 if kind == "suffix" else 1)
                and _plausible(text[words[0][0] : words[-1][1]])
                and not _inside_number(text, words[0][0])
                and (kind != "lead" or _opens_sentence(text, words[0][0]))  # the whole name, not its tail
            ):
                yield words[0][0], _without_legal_suffix(text, words)[-1][1]


def _without_legal_suffix(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "Applied Materials Inc." is Applied Materials (the labeling guide's canonical form); "Science Corp." keeps
    its suffix, without which it is a common word."""
    if len(words) < 2 or not _LEGAL_SUFFIX.fullmatch(text[words[-1][0] : words[-1][1]]):
        return words
    rest = text[words[0][0] : words[-2][1]]
    generic = len(words) == 2 and (_generic_part(rest) or rest in _generic_words())
    return words if generic or _description(rest) else words[:-1]


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 2) : start]
    return start == 0 or before.endswith("\n") or before in (". ", "? ", "! ")


def _name_after(text: str, position: int) -> tuple[int, int] | None:
    while position < len(text) and text[position] == " ":
        position += 1
    match = _NAME_AFTER.match(text, position)
    if not match:
        return None
    start, end = match.span("name")
    if text.endswith(("'s", "’s"), start, end):  # "giant Nexstar's deal": the owner is the name
        end -= 2
    return start, end


def _name_before(text: str, cue_start: int, window_end: int) -> tuple[int, int] | None:
    left = max(0, cue_start - _WINDOW)
    match = _NAME_BEFORE.search(text[left:window_end])
    return (left + match.start("name"), left + match.end("name")) if match else None


def _trim(text: str, start: int, end: int, *, backwards: bool, suffixed: bool = False) -> list[tuple[int, int]]:
    """Drop headline descriptors ("AI Chip Startup Groq") and function words around a name."""
    words = [(m.start() + start, m.end() + start) for m in _NON_SPACE.finditer(text[start:end])]
    stops = [i for i, (s, e) in enumerate(words) if text[s:e] in _STOP_TAIL]
    if stops:
        words = words[stops[-1] + 1 :] if backwards else words[: stops[0]]
    # "AI’s Energy", "Google’s Personal Intelligence": what follows a possessive is the owner's thing
    owned = max((i for i, (s, e) in enumerate(words[:-1]) if text[s:e].endswith(("’s", "'s"))), default=-1)
    words = words[owned + 1 :]
    last_descriptor = max((i for i, (s, e) in enumerate(words) if _descriptor(text[s:e])), default=-1)
    if 0 <= last_descriptor < len(words) - 1 and not _suffix_word(text, words[-1]):
        words = words[last_descriptor + 1 :]
    # "Georgia Power", "Bedrock Robotics": a place or product word can start a company name
    generic = not_orgs()["words"] if suffixed else _generic_words()
    words = _drop_leading(text, words, generic)
    while words and text[words[-1][0] : words[-1][1]] in generic and not _suffix_word(text, words[-1]):
        words = words[:-1]
    return words[-3:] if backwards else words[:3]


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Words that neither start nor end a name found by role: headline words, places, products, descriptors."""
    stop = not_orgs()
    return stop["words"] | stop["places"] | stop["products"] | _DESCRIPTORS


def _drop_leading(text: str, words: list[tuple[int, int]], generic: frozenset[str]) -> list[tuple[int, int]]:
    while words and text[words[0][0] : words[0][1]] in generic:
        words = words[1:]
    return words


def _descriptor(word: str) -> bool:
    return word in _DESCRIPTORS or word.endswith("-based")  # "Barcelona-based", like "Paris-based"


def _inside_number(text: str, start: int) -> bool:
    """ "5,000mAh Power": a name cannot begin inside a number."""
    before = text[start - 1 : start]
    return before.isdigit() or (before != "" and before in ",." and text[start - 2 : start - 1].isdigit())


def _title_case_line(text: str, position: int) -> bool:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    words = [w for w in text[start : end if end >= 0 else len(text)].split() if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _suffix_word(text: str, span: tuple[int, int]) -> bool:
    return _SUFFIX_WORD.fullmatch(text[span[0] : span[1]]) is not None


def _plausible(name: str) -> bool:
    stop = not_orgs()
    first = name.split()[0]
    if name in stop["places"] or name in stop["products"] or name in stop["words"] or name in _DESCRIPTORS:
        return False
    if first in stop["first_names"] or _SUFFIX_WORD.fullmatch(name):
        return False
    if len(name.split()) > 1 and first in gazetteer() and name not in gazetteer():
        return False  # "Amazon Connect Health": a known company's product, not another company
    if _description(name):
        return False
    return len(name) > 1 and not name.isdigit()


def _description(name: str) -> bool:
    """A capitalized phrase that describes rather than names: every word is generic English (a title or role,
    a descriptive noun or adjective, a headline word) or a product, with no name-like word among them
    ("Advisory Group", "Water Systems", "Windows New Technology"); or a bare abbreviation of one or two
    letters ("FY", "IT"): the real two-letter companies are in the gazetteer, and only unknown names get here.
    A place may start a name ("Georgia Power"), so places are not generic here."""
    if name in gazetteer():
        return False
    words = name.split()
    if len(words) > 1 and _LEGAL_SUFFIX.fullmatch(words[-1]):
        return False  # "Science Corp.": a registered company, whatever its words
    if len(words) == 1:
        return len(name) <= 2 and name.isalpha() and name.isupper()
    return all(_generic_part(part) for word in words for part in word.split("-") if part)


@lru_cache(maxsize=4096)
def _generic_part(word: str) -> bool:
    stop = not_orgs()
    word = word.removesuffix("’s").removesuffix("'s")
    generic = stop["generic_modifiers"]
    # word.capitalize(): the lower-case halves of "Multi-robot", "Crime-fighting"
    return word in generic or word.capitalize() in generic or word in stop["words"] or word in stop["products"]
