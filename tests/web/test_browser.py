"""End to end in headless Chromium (Debian's, driven by Playwright; never a downloaded browser).

The app runs under uvicorn in a thread on 127.0.0.1; every request to any other host is answered by a
stub, so following a source link never reaches the web.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from pydantic import SecretStr

from tests.web.conftest import ADMIN_TOKEN, FAKE_RUN, SCRIPT_TITLE, fill_store

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path("/tmp")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_path() -> str:
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("SIGNALDESK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SIGNALDESK_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium); browser tests need it")
    return CHROMIUM


@pytest.fixture
def live_url(tmp_path):
    import uvicorn

    from models.db import ensure_schema, session_scope
    from pipeline.settings import Settings
    from web.app import create_app
    from web.runs import EmbeddedLauncher

    settings = Settings(home=tmp_path / "home", admin_token=SecretStr(ADMIN_TOKEN))
    settings.ensure_dirs()
    ensure_schema(settings.db_url)
    with session_scope(settings.db_url) as session:
        fill_store(session)
    app = create_app(settings, launcher=EmbeddedLauncher(settings.home / "runs", argv_prefix=FAKE_RUN))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(chromium_path, live_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(live_url)
                else route.fulfill(
                    status=200,
                    content_type="text/html",
                    body="<html><body><h1>Original article (stub)</h1></body></html>",
                )
            ),
        )
        tab = context.new_page()
        tab.events = {"dialogs": [], "errors": [], "console": []}
        tab.on("dialog", lambda d: (tab.events["dialogs"].append(d.message), d.dismiss()))
        tab.on("pageerror", lambda e: tab.events["errors"].append(str(e)))
        tab.on("console", lambda m: tab.events["console"].append(m.text))
        tab.base = live_url
        yield tab
        browser.close()


def test_search_then_filter(page):
    page.goto(page.base + "/signals")
    page.fill("input[name=q]", "copper")
    page.click("button:has-text('Apply')")
    titles = page.locator(".signal h3 a").all_inner_texts()
    assert set(titles) == {
        "Copper shortage threatens chip supply chain",
        "Chipmakers scramble for copper as prices jump",
    }
    page.fill("input[name=q]", "")
    page.check("input[name=category][value=policy]")
    page.click("button:has-text('Apply')")
    assert page.locator(".signal h3 a").all_inner_texts() == [
        "EU Commission opens antitrust probe into Microsoft Teams bundling"
    ]
    assert "category=policy" in page.url


def test_open_a_story_and_follow_a_source_link(page):
    page.goto(page.base + "/signals?q=cathode")
    page.click("text=Story & sources →")
    assert page.url.endswith("/stories/s-copper")
    assert page.locator("h2", has_text="2 sources").count() == 1
    page.click(".source h3 a >> nth=0")
    page.wait_for_load_state()
    assert page.url.startswith("https://news.example/")
    assert page.locator("h1").inner_text() == "Original article (stub)"


def test_run_now_without_then_with_the_token(page):
    page.goto(page.base + "/runs/new")
    assert page.locator("text=Sign in to start a run").is_visible()
    assert page.locator("form[action='/runs']").count() == 0
    page.click("a.button:has-text('Sign in')")
    page.fill("input[name=token]", "wrong-token")
    page.click("button:has-text('Sign in')")
    assert page.locator(".alert").inner_text() == "That token is not right."
    page.fill("input[name=token]", ADMIN_TOKEN)
    page.click("button:has-text('Sign in')")
    assert page.url.endswith("/runs/new")
    page.fill("input[name=day]", "2026-01-14")
    page.check("input[name=categories][value=security]")
    page.check("input[name=dry_run]")
    page.click("button:has-text('Start run')")
    assert "/runs/" in page.url
    # The page refreshes itself (meta refresh) until the run is done.
    page.wait_for_selector("#run-state:has-text('completed')", timeout=30_000)
    assert "--categories security --dry-run" in page.locator("#run-log").inner_text()


def test_script_in_a_title_is_shown_as_text_and_runs_nothing(page):
    page.goto(page.base + "/signals?category=security")
    first = page.locator(".signal h3 a").first
    assert first.inner_text() == SCRIPT_TITLE
    page.hover(".signal .summary >> nth=0")
    page.goto(page.base + "/")
    time.sleep(0.5)
    assert page.events["dialogs"] == [] and page.events["errors"] == []
    assert not any("Content Security Policy" in m for m in page.events["console"])


def test_screenshots_of_home_and_signals(page):
    page.goto(page.base + "/")
    page.screenshot(path=str(SHOTS / "signaldesk-home.png"), full_page=True)
    page.goto(page.base + "/signals")
    page.screenshot(path=str(SHOTS / "signaldesk-signals.png"), full_page=True)
    assert (SHOTS / "signaldesk-home.png").stat().st_size > 10_000


def test_subscriber_admin_reads_at_desktop_and_phone_widths(page):
    page.goto(page.base + "/login?next=/admin/subscribers")
    page.fill("input[name=token]", ADMIN_TOKEN)
    page.click("button:has-text('Sign in')")
    page.fill("form.card input[name=email]", "ada@example.com")
    page.fill("form.card input[name=name]", "Ada Lovelace")
    page.click("button:has-text('Add')")
    for width, name in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(page.base + "/admin/subscribers")
        # the page never scrolls sideways: a wide table scrolls inside its own box
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        actions = page.locator("tr", has_text="ada@example.com").locator("td.row-actions")
        # the row's actions are links on one line, in the link colour, not the header's pale grey
        boxes = [actions.locator(sel).bounding_box() for sel in ("a", "button >> nth=0", "button >> nth=1")]
        if name == "desktop":
            tops = [box["y"] for box in boxes]
            assert max(tops) - min(tops) < 8 and boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]  # one line
        colour = actions.locator("button >> nth=0").evaluate("b => getComputedStyle(b).color")
        assert colour != "rgb(201, 211, 224)" and colour != "rgb(255, 255, 255)"
        email = page.locator("form.card input[name=email]").bounding_box()
        assert email["height"] >= 30  # styled like the other inputs
        page.screenshot(path=str(SHOTS / f"signaldesk-admin-subscribers-{name}.png"), full_page=True)
