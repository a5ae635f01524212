"""Optional LLM writer for "The day in one minute", through any OpenAI-compatible chat endpoint.

Guard rails: a kill switch (`llm_enabled`), a token budget per run, a disk cache under the home folder, and
citations: every sentence must carry a `[S<n>]` marker naming one of the stories it was given; a sentence
citing none is dropped. Any failure falls back to the extractive lines, never to an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

import httpx

from core.errors import SignaldeskError
from pipeline.briefing.contracts import MinuteLine, Story
from pipeline.briefing.text import sentences
from pipeline.settings import Settings

log = logging.getLogger(__name__)

MAX_STORIES = 8
MAX_TOKENS = 300
_MARKER = re.compile(r"\[S(\d+)\]")
_SYSTEM = (
    "You write the opening of a CTO's daily technology briefing. Use only the facts given below. "
    "Write exactly three short sentences, one per line. End each sentence with the marker of every story "
    "it uses, such as [S1] or [S2][S5]. Write nothing else."
)


class LLMUnavailable(SignaldeskError):
    """The endpoint failed, timed out, answered nonsense, or the token budget is spent."""


def llm_configured(settings: Settings) -> bool:
    return bool(settings.llm_enabled and settings.llm_url)


class LLMWriter:
    def __init__(self, settings: Settings, *, timeout: float = 20.0):
        self.url = _endpoint(settings.llm_url or "")
        self.key = settings.llm_key.get_secret_value() if settings.llm_key else None
        self.model = settings.llm_model
        self.budget = settings.llm_token_budget
        self.used = 0
        self.timeout = timeout
        self.cache_dir = Path(settings.home) / "cache" / "llm"
        self.last_error: str | None = None

    def write_minute(self, stories: list[Story]) -> list[MinuteLine] | None:
        """Cited lines, or None (reason in `last_error`) to fall back."""
        given = stories[:MAX_STORIES]
        if not given:
            return None
        try:
            answer = self.complete([{"role": "system", "content": _SYSTEM}, {"role": "user", "content": _facts(given)}])
        except LLMUnavailable as exc:
            self.last_error = str(exc)
            log.warning("LLM writer unavailable, using extractive lines: %s", exc)
            return None
        lines = cited_sentences(answer, [s.id for s in given])
        if not lines:
            self.last_error = "no sentence cited a story"
        return lines[:3] or None

    def complete(self, messages: list[dict]) -> str:
        payload = {"model": self.model, "messages": messages, "max_tokens": MAX_TOKENS, "temperature": 0}
        cache = self.cache_dir / (
            hashlib.sha256(json.dumps([self.url, payload], sort_keys=True).encode()).hexdigest() + ".json"
        )
        if cache.exists():
            return json.loads(cache.read_text(encoding="utf-8"))["content"]
        estimate = sum(len(m["content"]) for m in messages) // 4 + MAX_TOKENS
        if self.used + estimate > self.budget:
            raise LLMUnavailable(
                f"token budget {self.budget} would be exceeded ({self.used} used, ~{estimate} asked)",
                resource="SIGNALDESK_LLM_TOKEN_BUDGET",
            )
        content, spent = self._post(payload)
        self.used += spent or estimate
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"content": content}), encoding="utf-8")
        return content

    def _post(self, payload: dict) -> tuple[str, int | None]:
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        try:
            response = httpx.post(self.url, json=payload, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise LLMUnavailable(f"{type(exc).__name__}: {exc}", resource=self.url) from None
        if response.status_code != 200:
            raise LLMUnavailable(f"HTTP {response.status_code}", resource=self.url)
        try:
            body = response.json()
            content = body["choices"][0]["message"]["content"]
            spent = (body.get("usage") or {}).get("total_tokens")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMUnavailable(f"unexpected answer ({exc!r})", resource=self.url) from None
        if not isinstance(content, str):
            raise LLMUnavailable("answer has no text", resource=self.url)
        return content, spent if isinstance(spent, int) else None


def cited_sentences(answer: str, story_ids: list[str]) -> list[MinuteLine]:
    """Sentences with at least one valid [S<n>] marker; markers become story ids and leave the text."""
    lines = []
    for raw in (sentence for line in answer.splitlines() for sentence in sentences(line)):
        numbers = [int(n) for n in _MARKER.findall(raw)]
        ids = list(dict.fromkeys(story_ids[n - 1] for n in numbers if 1 <= n <= len(story_ids)))
        text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(_MARKER.sub("", raw).split())).lstrip("-*• ").strip()
        if ids and text:
            lines.append(MinuteLine(text=text, story_ids=ids))
    return lines


def _facts(stories: list[Story]) -> str:
    rows = []
    for n, story in enumerate(stories, 1):
        amounts = ", ".join(a.shown() for a in story.amounts[:3])
        rows.append(
            f"[S{n}] ({', '.join(story.categories)}; {len(story.sources)} sources) {story.title}. "
            f"{story.summary}" + (f" Amounts: {amounts}." if amounts else "")
        )
    return "\n".join(rows)


def _endpoint(base: str) -> str:
    base = base.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    return base + ("/chat/completions" if base.endswith("/v1") else "/v1/chat/completions")
