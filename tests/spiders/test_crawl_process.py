"""The crawl process itself: `python -m spiders.run`, and what its settings keep out of its start-up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline.crawl import PROJECT_ROOT, CrawlOptions, _Paths, crawl_command, crawl_env
from pipeline.sources import SourceSpec
from spiders.run import main

_ENV = {
    **os.environ,
    "SCRAPY_SETTINGS_MODULE": "spiders.settings",
    "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
}


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=_ENV, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.strip()


def test_the_component_lists_load_without_the_remote_control_or_cookie_code():
    # Scrapy imports every component its base lists name, disabled or not: ours leave those out entirely.
    loaded = _python(
        "import sys\n"
        "from scrapy.utils.conf import build_component_list\n"
        "from scrapy.utils.misc import load_object\n"
        "from scrapy.utils.project import get_project_settings\n"
        "s = get_project_settings()\n"
        "names = [*build_component_list(s.getwithbase('EXTENSIONS')),"
        " *build_component_list(s.getwithbase('DOWNLOADER_MIDDLEWARES'))]\n"
        "[load_object(n) for n in names]\n"
        "print(len(names), 'aiohttp' in sys.modules, 'tldextract' in sys.modules,"
        " any('RemoteControl' in str(n) or 'Cookies' in str(n) for n in names))"
    )
    count, aiohttp, tldextract, listed = loaded.split()
    assert int(count) > 10 and (aiohttp, tldextract, listed) == ("False", "False", "False")


def test_the_runner_crawls_and_its_status_file_says_why_a_source_failed(tmp_path):
    spec = SourceSpec(key="k", name="K", kind="feed", url="http://127.0.0.1:9/feed.xml")
    command = crawl_command(spec, tmp_path / "items.jsonl", CrawlOptions(allow_private=True))
    assert command[1:4] == ["-m", "spiders.run", "feed"] and "--output" in command
    env = {
        **_ENV,
        "SIGNALDESK_CRAWL_STATUS": str(tmp_path / "k.status.json"),
        "SIGNALDESK_CRAWL_FAST": "1",
        "SIGNALDESK_HTTP_VALIDATORS": str(tmp_path / "validators.json"),
        "SIGNALDESK_SOURCE_URL": spec.url,
    }
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=90)
    # Nothing listens on port 9: the crawl runs, fails its one request, and its status file says why.
    assert done.returncode == 0, done.stderr[-2000:]
    status = (tmp_path / "k.status.json").read_text()
    assert "refused" in status.lower() and "127.0.0.1:9" in status


def test_the_options_are_what_the_crawl_process_gets_whatever_this_process_holds(tmp_path, monkeypatch):
    monkeypatch.setenv("SIGNALDESK_CRAWL_FAST", "1")
    monkeypatch.setenv("SIGNALDESK_ALLOW_PRIVATE_SOURCES", "true")
    spec = SourceSpec(key="k", name="K", kind="feed", url="http://127.0.0.1:9/feed.xml")
    paths = _Paths.for_source("k", tmp_path, tmp_path)
    strict, loopback = CrawlOptions(), CrawlOptions(allow_private=True, fast=True)
    assert crawl_env(paths, None, spec.url, strict)["SIGNALDESK_CRAWL_FAST"] == "0"
    assert crawl_env(paths, None, spec.url, loopback)["SIGNALDESK_CRAWL_FAST"] == "1"
    # `-s` wins over the variable the crawl process would otherwise read (spiders/settings.py).
    assert _settings(crawl_command(spec, tmp_path / "i.jsonl", strict)) == {"SIGNALDESK_ALLOW_PRIVATE_SOURCES": "False"}
    overridden = crawl_command(spec, tmp_path / "i.jsonl", loopback, {"DOWNLOAD_TIMEOUT": 5})
    assert _settings(overridden) == {"SIGNALDESK_ALLOW_PRIVATE_SOURCES": "True", "DOWNLOAD_TIMEOUT": "5"}


def _settings(command: list[str]) -> dict[str, str]:
    values = [command[i + 1] for i, flag in enumerate(command) if flag == "-s"]
    return dict(value.split("=", 1) for value in values)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["feed", "--output", "x.jsonl", "-a", "novalue"], "-a wants NAME=VALUE"),
        (["feed", "--output", "x.jsonl", "-s", "=1"], "-s wants NAME=VALUE"),
    ],
)
def test_a_malformed_option_is_refused_with_its_flag(argv, message):
    with pytest.raises(SystemExit, match=message):
        main(argv)
