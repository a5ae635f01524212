"""The sources file (contract): load, validate, and move sources in and out as OPML."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET
from xml.parsers import expat

from core.errors import ConfigError
from core.kinds import KINDS as KINDS  # the registries' keys, re-exported: what a sources file may name
from core.safe_text import UNSAFE
from core.sanitize import xml_safe
from core.tiers import DEFAULT as DEFAULT_TIER
from core.tiers import TIERS as TIERS

FIELDS = ("key", "name", "kind", "url", "tier", "enabled")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_TOML_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceSpec:
    key: str
    name: str
    kind: str
    url: str
    tier: str = DEFAULT_TIER
    enabled: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


def _text(entry: dict, name: str, label: str, default: str | None = None) -> str:
    value = entry.get(name, default)
    if value is None:
        raise ConfigError(f"field {name!r} is missing", resource=label)
    if not isinstance(value, str):
        raise ConfigError(f"field {name!r} must be a string, not {type(value).__name__}", resource=label)
    # Neither what XML forbids (the OPML export must stay well-formed) nor what cannot stand in one line: each
    # would end a line of the written sources file, or make a name read otherwise on the operator's terminal.
    if xml_safe(value) != value or UNSAFE.search(value):
        raise ConfigError(f"field {name!r} holds a control character ({value!r})", resource=label)
    return value


def _choice(entry: dict, name: str, choices: tuple[str, ...], label: str, default: str | None = None) -> str:
    value = _text(entry, name, label, default)
    if value not in choices:
        raise ConfigError(
            f"field {name!r}: unknown {name} {value!r} (expected one of {', '.join(choices)})", resource=label
        )
    return value


def _url(entry: dict, label: str) -> str:
    url = _text(entry, "url", label)
    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 1) > 0
    except ValueError:  # a bad port or IPv6 literal
        usable = False
    if not usable or any(char.isspace() for char in url):
        raise ConfigError(f"field 'url' {url!r} is not an absolute http(s) URL", resource=label)
    return url


def _label(where: str, number: int | None, key: object) -> str:
    place = f"{where}: source #{number}" if number else f"{where}: source"
    return f"{place} (key {key!r})" if isinstance(key, str) and key else place


def validate(entry: object, where: str, number: int | None = None) -> SourceSpec:
    """One [[sources]] table (the `number`th) -> SourceSpec, or a ConfigError naming the entry and field."""
    if not isinstance(entry, dict):
        raise ConfigError("expected a table with key, kind and url", resource=_label(where, number, None))
    return _spec(entry, _label(where, number, entry.get("key")))


def _spec(entry: dict, label: str) -> SourceSpec:
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise ConfigError(f"unknown field {unknown[0]!r} (expected {', '.join(FIELDS)})", resource=label)
    key = _text(entry, "key", label)
    if not _KEY.match(key):
        raise ConfigError(f"field 'key' {key!r} must be a lowercase slug (a-z, 0-9, - or _)", resource=label)
    kind = _choice(entry, "kind", KINDS, label)
    url = _url(entry, label)
    tier = _choice(entry, "tier", TIERS, label, default=DEFAULT_TIER)
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError("field 'enabled' must be true or false", resource=label)
    return SourceSpec(key, _text(entry, "name", label, default="") or key, kind, url, tier, enabled)


def _toml_data(text: str, where: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        line = position.group(1) if position and position.group(1) else text.count("\n") + 1
        raise ConfigError(_TOML_POSITION.sub("", message), resource=f"{where} line {line}") from None


def read_sources(text: str, where: str) -> tuple[list[SourceSpec], list[str]]:
    """Every valid source of a sources file's text, enabled or not, and one line (file, entry, field) for
    each entry that is not and is left out; a second entry with a key already used is left out too. A text
    that is not TOML or holds no [[sources]] entry is a ConfigError."""
    entries = _toml_data(text, where).get("sources")
    if not isinstance(entries, list) or not entries:
        raise ConfigError("no [[sources]] entries", resource=where)
    specs: dict[str, SourceSpec] = {}
    problems: list[str] = []
    for number, entry in enumerate(entries, 1):
        try:
            spec = validate(entry, where, number)
            if spec.key in specs:
                raise ConfigError(f"duplicate key {spec.key!r}", resource=_label(where, number, spec.key))
        except ConfigError as exc:
            problems.append(str(exc))
            continue
        specs[spec.key] = spec
    return list(specs.values()), problems


def parse_sources(text: str, where: str) -> list[SourceSpec]:
    """Every source of a sources file's text, enabled or not; the first problem is a ConfigError. For a
    file about to be written, where leaving out an entry would lose it."""
    specs, problems = read_sources(text, where)
    if problems:
        raise ConfigError(problems[0])
    return specs


def read_text(path: Path) -> str:
    """A UTF-8 file's text, or a ConfigError naming it."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", resource=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read ({exc.strerror or exc})", resource=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 (byte {exc.start + 1} cannot be decoded)", resource=str(path)) from None


def load_sources(
    path: Path,
    *,
    only: list[str] | None = None,
    include_disabled: bool = False,
    warn: Callable[[str], None] = _log.warning,
) -> list[SourceSpec]:
    """The sources to run. An entry that does not validate costs only itself: it is passed to `warn` as one
    line and left out, so one typo does not stop every source. A file that cannot be read, is not TOML or
    has no valid entry is a ConfigError (its first problem)."""
    specs, problems = read_sources(read_text(path), str(path))
    if not specs:
        raise ConfigError(problems[0])
    for problem in problems:
        warn(problem)
    if only:
        unknown = sorted(set(only) - {s.key for s in specs})
        if unknown:
            raise ConfigError(f"unknown source key(s): {', '.join(unknown)}", resource=str(path))
        return [s for s in specs if s.key in only]
    return [s for s in specs if include_disabled or s.enabled]


def _toml_escape(match: re.Match) -> str:
    char = match.group(0)
    return _TOML_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def _toml_string(value: str) -> str:
    """A TOML basic string that reads back as `value`, whatever quotes, backslashes or controls it holds."""
    return '"' + _TOML_NEEDS_ESCAPE.sub(_toml_escape, value) + '"'


def to_toml(specs: list[SourceSpec]) -> str:
    blocks = []
    for s in specs:
        lines = [
            "[[sources]]",
            *(f"{name} = {_toml_string(getattr(s, name))}" for name in ("key", "name", "kind", "url", "tier")),
        ]
        if not s.enabled:
            lines.append("enabled = false")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


@dataclass
class OpmlImport:
    """What an OPML file adds to the sources: new specs, how many it named that were there, and one line
    for each outline that could not become a source (it is left out; the others are not)."""

    added: list[SourceSpec] = field(default_factory=list)
    known: int = 0
    problems: list[str] = field(default_factory=list)


def _outlines(data: str | bytes, where: str) -> list[tuple[int, dict]]:
    """(line, attributes) of every <outline>; entity declarations are refused, so no entity (internal,
    external or nested) is ever expanded or fetched."""
    parser = expat.ParserCreate()
    found: list[tuple[int, dict]] = []

    def start(name, attributes):
        if name == "outline":
            found.append((parser.CurrentLineNumber, attributes))

    def refuse(name, *_):
        raise ConfigError(
            f"declares the entity {name!r}; OPML with entities is refused",
            resource=f"{where} line {parser.CurrentLineNumber}",
        )

    parser.StartElementHandler, parser.EntityDeclHandler = start, refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ConfigError(
            f"not valid OPML ({expat.ErrorString(exc.code)})", resource=f"{where} line {exc.lineno}"
        ) from None
    return found


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64] or "source"


def _free_key(name: str, taken: dict[str, str]) -> str:
    """A slug of `name` no source has yet: feeds that share a title are different feeds."""
    base = key = _slug(name)
    number = 1
    while key in taken:
        number += 1
        key = f"{base[: 64 - len(str(number)) - 1]}-{number}"
    return key


def _outline_url(attributes: dict) -> str | None:
    return attributes.get("xmlUrl") or attributes.get("url")


def _outline_name(attributes: dict) -> str:
    return attributes.get("title") or attributes.get("text") or _outline_url(attributes) or ""


def _outline_entry(attributes: dict, taken: dict[str, str]) -> dict:
    name, url = _outline_name(attributes), _outline_url(attributes)
    return {
        "key": attributes.get("signaldeskKey") or _free_key(name, taken),
        "name": name,
        "url": url,
        "kind": attributes.get("signaldeskKind") or "feed",
        "tier": attributes.get("signaldeskTier") or DEFAULT_TIER,
        "enabled": attributes.get("signaldeskEnabled", "true") != "false",
    }


def _add_outline(result: OpmlImport, attributes: dict, label: str, taken: dict[str, str]) -> None:
    try:
        spec = _spec(_outline_entry(attributes, taken), label)
    except ConfigError as exc:
        result.problems.append(str(exc))
        return
    if spec.url in taken.values():
        result.known += 1
    elif spec.key in taken:
        result.problems.append(f"{label}: key {spec.key!r} is already taken by {taken[spec.key]!r}")
    else:
        taken[spec.key] = spec.url
        result.added.append(spec)


def import_opml(data: str | bytes, where: str, current: list[SourceSpec]) -> OpmlImport:
    """The sources an OPML file adds to `current`, validated as the sources file is when it loads."""
    result, taken = OpmlImport(), {s.key: s.url for s in current}
    for line, attributes in _outlines(data, where):
        if _outline_url(attributes):  # the others are folders
            _add_outline(result, attributes, f"{where} line {line}: outline {_outline_name(attributes)!r}", taken)
    if not (result.added or result.known or result.problems):
        raise ConfigError("no outline with an xmlUrl", resource=where)
    return result


def from_opml(data: str | bytes, where: str) -> list[SourceSpec]:
    """OPML outlines with xmlUrl become feed sources; Signaldesk's own attributes round-trip. Strict: the
    first outline that cannot become a source is a ConfigError."""
    result = import_opml(data, where, [])
    if result.problems:
        raise ConfigError(result.problems[0])
    return result.added


def to_opml(specs: list[SourceSpec]) -> str:
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = "Signaldesk sources"
    body = ET.SubElement(root, "body")
    for s in specs:
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=s.name,
            title=s.name,
            xmlUrl=s.url,
            signaldeskKey=s.key,
            signaldeskKind=s.kind,
            signaldeskTier=s.tier,
            signaldeskEnabled=str(s.enabled).lower(),
        )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
