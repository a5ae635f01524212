"""The outlet that published an item is not one of its organizations when it only appears as the reporter.

Feeds name themselves in their own text: "BBC Verify found", "told the BBC", "in a letter obtained by WIRED",
"WIRED-tested routers". The outlet is an organization of the story only when the story is about it ("BBC to
cut almost one in 10 staff", "NPR receives $113 million"), so an org is dropped when it is the item's own
publication and every one of its mentions sits in a reporter's role. Other outlets cited as sources
("according to The Information", "Nikkei reports") stay organizations, as the labeled data lists them.
"""

from __future__ import annotations

import re

from pipeline.tagging.results import Org

# Right after the outlet's name: its newsroom, its verbs of reporting, its staff.
_AFTER = re.compile(
    r"(?:['’]s\s(?:[\w-]+\s){0,2}(?:editor|correspondent|reporter|journalist|writers?|analysis|investigation|"
    r"review|reviewers|tests?|testing|newsletter|podcast|team)"
    r"|[\s-](?i:verify|sport|finds|found|has found|reports?|reported|has reported|has learned|learned|understands|"
    r"has seen|reveals|revealed|investigation|investigated|analysis|analy[sz]ed|analyses|obtained|has obtained|"
    r"got an exclusive|tested|reviewed|asked|spoke|contacted|reached out|explains|staff|readers|subscribers)"
    r"|\s(?:[A-Z]\w+\s)?(?:Correspondent|Editor|Reporter|Network)"
    r"|,\sPublished)\b"
)
# Right before it: someone speaking to the outlet, or the outlet doing the work.
_BEFORE = re.compile(
    r"(?i:\b(?:told|tells|tell|telling|said to|speaking to|spoke to|according to|interview with|statement to|"
    r"confirmed to|obtained by|seen by|reviewed by|analysis by|investigation by|reached out to|writing for|"
    r"writes for|subscribers to))\s(?:the\s)?$"
)
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def drop_outlet(orgs: list[Org], text: str, publication: str | None) -> list[Org]:
    """`orgs` without the item's own publication where the text names it only as the reporter."""
    if not publication:
        return orgs
    outlet = _key(publication)
    return [
        org
        for org in orgs
        if not ((_key(org.text) == outlet or _key(org.canonical or "") == outlet) and _only_reporter(org.text, text))
    ]


def _key(name: str) -> str:
    """ "The Guardian" ~ "Guardian", "BBC News" ~ "BBC", "WIRED" ~ "Wired"."""
    words = name.lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    if len(words) > 1 and words[-1] in ("news", "online", "magazine"):
        words = words[:-1]
    return _NOT_NAME.sub("", " ".join(words))


def _only_reporter(name: str, text: str) -> bool:
    mentions = list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w])", text))
    return bool(mentions) and all(
        _AFTER.match(text, m.end()) or _BEFORE.search(text[max(0, m.start() - 40) : m.start()]) for m in mentions
    )
