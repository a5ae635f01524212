"""The sources file (contract): load, validate, and move sources in and out as OPML."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from pipeline.errors import ConfigError

KINDS = ("feed", "techmeme", "nist", "kev")
TIERS = ("primary", "press", "aggregator", "community")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class SourceSpec:
    key: str
    name: str
    kind: str
    url: str
    tier: str = "press"
    enabled: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


def validate(entry: dict, where: str) -> SourceSpec:
    """One [[sources]] table -> SourceSpec, or a ConfigError that names the entry and field."""
    key = str(entry.get("key", ""))
    label = f"{where}: source {key or '#?'}"
    if not _KEY.match(key):
        raise ConfigError(f"key {key!r} must be a lowercase slug (a-z, 0-9, - or _)", resource=label)
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})", resource=label)
    url = str(entry.get("url", ""))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"url {url!r} is not an absolute http(s) URL", resource=label)
    tier = entry.get("tier", "press")
    if tier not in TIERS:
        raise ConfigError(f"unknown tier {tier!r} (expected one of {', '.join(TIERS)})", resource=label)
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError("enabled must be true or false", resource=label)
    return SourceSpec(key, str(entry.get("name") or key), kind, url, tier, enabled)


def check_unique(specs: list[SourceSpec], where: str) -> list[SourceSpec]:
    seen: set[str] = set()
    for spec in specs:
        if spec.key in seen:
            raise ConfigError(f"duplicate key {spec.key!r}", resource=where)
        seen.add(spec.key)
    return specs


def load_sources(path: Path, *, only: list[str] | None = None, include_disabled: bool = False) -> list[SourceSpec]:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("sources file not found", resource=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML ({exc})", resource=str(path)) from None
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise ConfigError("no [[sources]] entries", resource=str(path))
    specs = check_unique([validate(e, str(path)) for e in entries], str(path))
    if only:
        unknown = sorted(set(only) - {s.key for s in specs})
        if unknown:
            raise ConfigError(f"unknown source key(s): {', '.join(unknown)}", resource=str(path))
        return [s for s in specs if s.key in only]
    return [s for s in specs if include_disabled or s.enabled]


def to_toml(specs: list[SourceSpec]) -> str:
    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    blocks = []
    for s in specs:
        lines = ["[[sources]]", f"key = {q(s.key)}", f"name = {q(s.name)}", f"kind = {q(s.kind)}",
                 f"url = {q(s.url)}", f"tier = {q(s.tier)}"]
        if not s.enabled:
            lines.append("enabled = false")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64] or "source"


def from_opml(text: str, where: str) -> list[SourceSpec]:
    """OPML outlines with xmlUrl become feed sources; Signaldesk's own attributes round-trip."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ConfigError(f"not valid OPML ({exc})", resource=where) from None
    specs = []
    for node in root.iter("outline"):
        url = node.get("xmlUrl") or node.get("url")
        if not url:
            continue
        name = node.get("title") or node.get("text") or url
        entry = {"key": node.get("signaldeskKey") or _slug(name), "name": name, "url": url,
                 "kind": node.get("signaldeskKind") or "feed", "tier": node.get("signaldeskTier") or "press",
                 "enabled": node.get("signaldeskEnabled", "true") != "false"}
        specs.append(validate(entry, where))
    if not specs:
        raise ConfigError("no outline with an xmlUrl", resource=where)
    return check_unique(specs, where)


def to_opml(specs: list[SourceSpec]) -> str:
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = "Signaldesk sources"
    body = ET.SubElement(root, "body")
    for s in specs:
        ET.SubElement(body, "outline", type="rss", text=s.name, title=s.name, xmlUrl=s.url,
                      signaldeskKey=s.key, signaldeskKind=s.kind, signaldeskTier=s.tier,
                      signaldeskEnabled=str(s.enabled).lower())
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
