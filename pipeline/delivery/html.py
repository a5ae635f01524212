"""The briefing as an HTML email: Markdown -> template -> inlined CSS -> allow-list, in that order.

The order matters: feed-borne markup is sanitized before it meets the template, and the `style` attribute is
allowed only in the last pass, after css-inline wrote our own styles, so no style or script from a feed
survives. The same HTML is stored in `Briefing.html` and shown by the archive.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import css_inline
import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from core.errors import InputError
from core.files import write_atomic
from core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, sanitize_html

TEMPLATES = Path(__file__).parent / "templates"
MARKDOWN_EXTENSIONS = ("tables", "sane_lists")
_DROP_WITH_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "svg", "math"}
_LEVEL_ONE = re.compile(r"#(?!#)\s")
_DECLARATION_NAME = re.compile(r"(?:^|;)\s*([a-z-]+)\s*:")


def briefing_title(day: date) -> str:
    return f"Signaldesk briefing — {day.isoformat()}"


def markdown_to_safe_html(markdown_text: str) -> str:
    """Markdown rendered and passed through the allow-list: no script, handler or unsafe link scheme."""
    rendered = markdown.markdown(markdown_text or "", extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
    return sanitize_html(rendered)


def render_html(
    markdown_text: str, *, title: str, unsubscribe_url: str | None = None, preferences_url: str | None = None
) -> str:
    """A complete, self-contained HTML document for mail clients and the archive."""
    body = markdown_to_safe_html(_without_title(markdown_text))
    fragment = (
        _environment()
        .get_template("email.html.j2")
        .render(title=title, body=Markup(body), unsubscribe_url=unsubscribe_url, preferences_url=preferences_url)
    )
    inlined = css_inline.inline_fragment(
        fragment, _read_template("email.css"), inline_style_tags=False, load_remote_stylesheets=False
    )
    return (
        _environment()
        .get_template("document.html.j2")
        .render(
            title=title,
            responsive_css=Markup(_read_template("responsive.css")),
            content=Markup(_clean_styled(inlined)),
        )
    )


def _without_title(markdown_text: str) -> str:
    """The Markdown file opens with its own level-1 title; in the HTML the template's header carries it, and
    a second one under it reads as a stutter."""
    text = (markdown_text or "").lstrip("\n")
    first, _, rest = text.partition("\n")
    return rest if _LEVEL_ONE.match(first) else text


def render_briefing_html(settings, session, day: date) -> Path:
    """Render the stored briefing of `day`, keep the HTML on its row and write `<home>/briefings/<day>.html`."""
    from sqlmodel import select

    from models.tables import Briefing

    briefing = session.exec(select(Briefing).where(Briefing.day == day)).first()
    if briefing is None:
        raise InputError(f"no briefing stored for {day.isoformat()}", resource=day.isoformat())
    briefing.html = render_html(briefing.markdown, title=briefing_title(day))
    session.add(briefing)
    session.flush()
    path = settings.briefings_dir / f"{day.isoformat()}.html"
    write_atomic(path, briefing.html.encode("utf-8"))
    return path


def _clean_styled(fragment: str) -> str:
    """The last gate: the same allow-list, plus `style` limited to the properties our stylesheet sets."""
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    attributes["*"] = attributes.get("*", set()) | {"style"}
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        # Relative links from a feed would point into our own app when the archive shows this HTML.
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
        filter_style_properties=_style_properties(),
    )


@lru_cache(maxsize=1)
def _style_properties() -> frozenset[str]:
    """Every property our stylesheet declares; derived from the file so the two can never drift apart."""
    css = re.sub(r"/\*.*?\*/", "", _read_template("email.css"), flags=re.S)
    names: set[str] = set()
    for block in re.findall(r"\{([^}]*)\}", css):
        names.update(_DECLARATION_NAME.findall(block))
    return frozenset(names)


@lru_cache(maxsize=4)
def _read_template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("j2", "html"), default=True),
        keep_trailing_newline=True,
    )
