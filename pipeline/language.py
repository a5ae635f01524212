"""Language of a document, so non-English items are marked rather than mis-tagged."""

from __future__ import annotations

from functools import lru_cache

_MIN_CHARS = 20


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or too unsure to call."""
    text = " ".join((text or "").split())
    if len(text) < _MIN_CHARS:
        return None
    lang, prob = _identifier().classify(text[:2000])
    return lang if prob >= 0.5 else None
