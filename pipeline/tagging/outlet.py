"""Publications are not organizations of the stories they report.

Feeds name themselves in their own text: "BBC Verify found", "told the BBC", "in a letter obtained by WIRED",
"WIRED-tested routers". And every outlet is credited in the same few shapes: "Financial Times:" opening the
text, "(Dina Bass/Bloomberg)" after a headline, "according to Bloomberg", "Nikkei reports". Two rules:
- the item's own publication (or an alias of it in the gazetteer), when it is a news outlet, is dropped unless
  the story is about it:
  one of its mentions is followed by what an actor does ("New York Times sues OpenAI", "NPR receives
  $113 million", "BBC to cut staff") or is the object of such an act ("a lawsuit against The Guardian");
  a primary source that is a known organization of another kind (CISA on its own advisories) loses only its
  credits;
- a mention of any publication (the gazetteer's `media` kind) that is only a credit is not a mention: a
  publication named only in credits is dropped, one that also acts stays.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.tagging.orgs import gazetteer, org_kinds
from pipeline.tagging.results import Org

MEDIA = "media"
# Right after the outlet's name: its newsroom, its verbs of reporting, its staff.
_AFTER = re.compile(
    r"(?:['’]s\s(?:[\w-]+\s){0,2}(?:editor|correspondent|reporter|journalist|writers?|analysis|investigation|"
    r"review|reviewers|tests?|testing|newsletter|podcast|team|reporting|sources)"
    r"|[\s-](?i:verify|sport|finds|found|has found|reports?|reported|has reported|has learned|learned|understands|"
    r"has seen|reveals|revealed|investigation|investigated|analysis|analy[sz]ed|analyses|obtained|has obtained|"
    r"got an exclusive|tested|reviewed|asked|spoke|contacted|reached out|explains|staff|readers|subscribers|"
    r"says|said|writes|wrote|notes|noted|cites|citing)"
    r"|\sand\s[\w ]{1,30}?\s(?:found|find|report|reported)"  # "WIRED and Indicator found"
    r"|\s(?:[A-Z]\w+\s)?(?:Correspondent|Editor|Reporter|Network)"
    r"|,\sPublished)\b"
    r"|\s?:\s"  # "Financial Times: ..." a credit line
    r"|\)"  # "(Dina Bass/Bloomberg)"
)
# Right before it: someone speaking to the outlet, or the outlet doing the work, or a byline's slash.
_BEFORE = re.compile(
    r"(?:(?i:\b(?:told|tells|tell|telling|said to|speaking to|spoke to|according to|interview with|statement to|"
    r"confirmed to|obtained by|seen by|reviewed by|analysis by|investigation by|reached out to|writing for|"
    r"writes for|subscribers to|reported by|reports from|report from|reporting from|reporting by|per|via|"
    r"cited by|quoted by))\s(?:the\s)?"
    r"(?:(?:news\s)?(?:outlet|site|newspaper|broadcaster|magazine|daily|paper|publication|network)\s(?:the\s)?)?"
    r"|/)$"
)
# What an actor does, right after its name (an optional "has", "is", "will", "to" between).
_ACTS = re.compile(
    r"\s(?:(?:has|have|is|was|will|to|would|could|plans to|agrees to|agreed to)\s)?"
    r"(?i:sues?|sued|suing|is suing|receives?|received|raises?|raised|cuts?|cutting|lays off|laid off|acquires?|"
    r"acquired|buys?|bought|sells?|sold|settles?|settled|signs?|signed|wins?|won|loses?|lost|faces?|faced|"
    r"files?|filed|launch(?:es|ed)?|closes?|closed|hires?|hired|fires?|fired|partners?|partnered|licenses?|"
    r"licensed|blocks?|blocked|strikes?|struck|shuts?|merges?|merged|is sued|was sued|was hacked|is hacked|"
    r"was breached|confirms? (?:a )?breach|agrees?|agreed|ends?|ended|drops?|dropped|pays?|paid|"
    r"stake|deal|lawsuit|settlement|layoffs?|union|workers|journalists strike)\b"
)
# Before its name, what makes it the object of an act.
_ACTED_ON = re.compile(
    r"(?i:\b(?:sues|sued|suing|against|acquire|acquires|acquired|acquisition of|buy|buys|bought|stake in|"
    r"deal with|partnership with|partners with|agreement with|licensing deal with|invests? in|invested in|"
    r"hack of|breach at|breach of|attack on|lawsuit by|sued by|settlement with))\s(?:the\s)?$"
)
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def drop_outlet(orgs: list[Org], text: str, publication: str | None) -> list[Org]:
    """`orgs` without the item's own publication unless it acts in the story, and without any publication
    that the text names only as a credit."""
    outlet = _outlet_keys(publication) if publication else frozenset()
    kept = []
    for org in orgs:
        keys = {_key(org.text), _key(org.canonical or "")}
        if outlet and keys & outlet:
            # A primary source (an agency, a company writing about itself) is the actor of its own notices:
            # only its credits go. A news outlet goes unless it acts.
            primary = org_kinds().get(org.canonical or "", MEDIA) != MEDIA
            if _only_credited(org.text, text) if primary else not _acts(org.text, text):
                continue
            kept.append(org)
            continue
        if org_kinds().get(org.canonical or "") == MEDIA and _only_credited(org.text, text):
            continue
        kept.append(org)
    return kept


@lru_cache(maxsize=256)
def _outlet_keys(publication: str) -> frozenset[str]:
    """Every key the publication goes by: its own name, its canonical name and that name's aliases."""
    names = {publication, publication.split(" (")[0]}  # "Techmeme (homepage clusters)"
    canonical = {gazetteer().get(name) for name in names} | {
        c for alias, c in gazetteer().items() if _key(alias) in {_key(n) for n in names}
    }
    names |= {c for c in canonical if c}
    names |= {alias for alias, c in gazetteer().items() if c in canonical}
    return frozenset(k for k in map(_key, names) if k)


def _key(name: str) -> str:
    """ "The Guardian" ~ "Guardian", "BBC News" ~ "BBC", "WIRED" ~ "Wired"."""
    words = name.lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    if len(words) > 1 and words[-1] in ("news", "online", "magazine"):
        words = words[:-1]
    return _NOT_NAME.sub("", " ".join(words))


def _mentions(name: str, text: str) -> list[re.Match]:
    return list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w])", text))


def _credit(text: str, match: re.Match) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    if before.endswith(("The ", "the ")):
        before = before[:-4]
    return bool(_AFTER.match(text, match.end()) or _BEFORE.search(before))


def _only_credited(name: str, text: str) -> bool:
    mentions = _mentions(name, text)
    return bool(mentions) and all(_credit(text, m) for m in mentions)


def _acts(name: str, text: str) -> bool:
    """Some mention of `name` is an actor's: what it does follows it, or an act on it precedes it."""
    for match in _mentions(name, text):
        if _credit(text, match):
            continue
        if _ACTS.match(text, match.end()) or _ACTED_ON.search(text[max(0, match.start() - 40) : match.start()]):
            return True
    return False
