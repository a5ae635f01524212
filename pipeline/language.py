"""Which language a text is in: one answer for the stored Document and for the tagger, which gives category
tags only to English (and to text with no letters) so that English rules never mis-tag a German or Japanese item.

Most items are English and say so with common words, so py3langid runs only when a text does not look English
at a glance, which keeps ingestion and tagging fast on the usual feed. Normalize used to keep a second detector
for `Document.language`; on 831 real items the two disagreed on 49, and this one was right on 47 of them (short
English headlines such as "OpenSSL 4.0.0", which the other left without a language or called Nigerian Pidgin).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")  # _WORD on lower-cased ASCII text, which the engine scans faster
_ENGLISH = frozenset(
    # words common in English headlines and rare in other Latin-script languages ("in", "a", "was" are not)
    "the and of to for with are were have had it its this that as at by from or but not will can says said "
    "after into new how why what who about more than their they you your our she his her".split()
)
# Function words of the other languages seen in tech feeds: two of them and none of the English ones mean
# the text is not English even when the n-gram model is unsure on a short headline.
_OTHER = frozenset(
    "der die das und ein eine nicht mit für von auf el los las del por para una con que de la le les des et "
    "est une dans pour sur il che di della per het een van voor niet com não uma".split()
)
MIN_CONFIDENCE = 0.35


def detect_language(text: str) -> str:
    """ISO 639-1 code, "en" when the text reads as English; "und" for text with no letters."""
    words = _words(text[:400])
    if words and sum(map(_ENGLISH.__contains__, words)) >= max(1, len(words) // 12):
        return "en"
    if not any(ch.isalpha() for ch in text):
        return "und"
    lang, confidence = _identifier().classify(text[:1000])
    foreign = sum(w in _OTHER for w in words) >= 2
    if lang != "en" and confidence < MIN_CONFIDENCE and not foreign and _mostly_ascii(text):
        return "en"  # short headlines without function words ("Nvidia Q3 Earnings") fool the n-gram model
    return lang


def _words(head: str) -> list[str]:
    lower = head.lower()  # once for the whole text, unless a letter grows when lower-cased ("İ")
    if lower.isascii():
        return _ASCII_WORD.findall(lower)
    return _WORD.findall(lower) if len(lower) == len(head) else [w.lower() for w in _WORD.findall(head)]


def _mostly_ascii(text: str) -> bool:
    return sum(ch.isascii() for ch in text) >= 0.97 * len(text)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
