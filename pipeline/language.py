"""Language of a document, so non-English items are marked rather than mis-tagged."""

from __future__ import annotations

import re
from functools import lru_cache

_MIN_CHARS = 20


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# English function words: plain ASCII text thick with them is English, and saying so without the
# statistical model keeps ingestion fast (the model costs more than parsing the feed).
_ENGLISH = frozenset("the a an and of to in for on with is are was were by at from as that this its it "
                     "be has have will after over into than new says said".split())
_WORD = re.compile(r"[a-z']+")


def _plainly_english(text: str) -> bool:
    # Curly quotes and dashes are everywhere in English copy; a non-ASCII letter is not.
    if not text.isascii() and any(ch.isalpha() and not ch.isascii() for ch in text):
        return False
    words = _WORD.findall(text.lower())
    hits = sum(1 for w in words if w in _ENGLISH)
    return len(words) >= 6 and hits >= 2 and hits / len(words) >= 0.12


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or too unsure to call."""
    text = " ".join((text or "").split())
    if len(text) < _MIN_CHARS:
        return None
    if _plainly_english(text[:600]):
        return "en"
    lang, prob = _identifier().classify(text[:1000])
    return lang if prob >= 0.5 else None
