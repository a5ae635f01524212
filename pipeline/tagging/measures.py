"""Non-money quantities worth keeping: power (GW, MW), GPU and chip counts, CVE ids and CVSS scores."""

from __future__ import annotations

import re

from pipeline.tagging.prefilter import filterable, may_match, needles
from pipeline.tagging.results import Measure
from pipeline.tagging.text import sentence_at

_DIGIT = re.compile(r"\d")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_COUNT_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6}
_POWER_UNITS = {
    "tw": "TW",
    "terawatt": "TW",
    "terawatts": "TW",
    "gw": "GW",
    "gigawatt": "GW",
    "gigawatts": "GW",
    "mw": "MW",
    "megawatt": "MW",
    "megawatts": "MW",
}

_POWER = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})(?:\s?(?:-|–|to)\s?(?P<high>{_NUM}))?\s?-?"
    r"(?P<unit>GW|MW|TW|gigawatts?|megawatts?|terawatts?)(?![A-Za-z])",
)
_GPUS = re.compile(
    rf"(?<![\w.,$€£])(?P<num>{_NUM})\s?(?P<scale>thousand|million|k|m)?\+?\s"
    r"(?:(?:of\s)?(?:its\s|their\s)?(?:[A-Z][\w-]*|AI|new|more|advanced|custom|additional)\s){0,2}"
    r"(?P<what>GPUs|chips|accelerators|TPUs|H100s|H200s|B200s|GB200s|Blackwells?|processors)\b",
)
_CVE = re.compile(r"\bCVE-\d{4}-\d{4,7}\b", re.IGNORECASE)
_CVSS = re.compile(
    r"\bCVSS(?:\s?v?[234](?:\.\d)?)?(?:\sbase)?(?:\sscore)?(?:\sof)?:?\s?(?P<score>10(?:\.0)?|\d\.\d)(?!\d)"
    r"|(?P<score2>10(?:\.0)?|\d\.\d)(?:\s?/\s?10)?\s(?:CVSS|on the CVSS)",
    re.IGNORECASE,
)


def find_measures(text: str) -> list[Measure]:
    """Every measure in `text`, in order of appearance."""
    found: list[tuple[int, Measure]] = []
    if not _DIGIT.search(text):
        return []
    lower, plain = text.lower(), filterable(text)
    for pattern, found_in, read in _READERS:  # each unit or id prefix must be in the text: most skip all four
        if not plain or may_match(found_in, lower):
            found += [(m.start(), read(text, m)) for m in pattern.finditer(text)]
    return [measure for _, measure in sorted(found, key=lambda pair: pair[0])]


def _measure(text: str, match: re.Match, value: float | None, unit: str, kind: str) -> Measure:
    start, end = match.span()
    return Measure(text=text[start:end], value=value, unit=unit, kind=kind, sentence=sentence_at(text, start, end))


def _power(text: str, match: re.Match) -> Measure:
    unit = _POWER_UNITS[match["unit"].lower()]
    return _measure(text, match, float(match["num"].replace(",", "")), unit, "power")


def _gpus(text: str, match: re.Match) -> Measure:
    scale = _COUNT_SCALE[match["scale"].lower()] if match["scale"] else 1.0
    return _measure(text, match, float(match["num"].replace(",", "")) * scale, "GPU", "gpu_count")


def _cvss(text: str, match: re.Match) -> Measure:
    return _measure(text, match, float(match["score"] or match["score2"]), "CVSS", "cvss")


def _cve(text: str, match: re.Match) -> Measure:
    return _measure(text, match, None, "CVE", "cve")


_READERS = tuple(
    (pattern, needles(pattern), read)
    for pattern, read in ((_POWER, _power), (_GPUS, _gpus), (_CVSS, _cvss), (_CVE, _cve))
)
