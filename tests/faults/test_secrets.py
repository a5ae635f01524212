"""Secrets (SMTP password, admin token, LLM key, a feed's `user:pass@` and `?token=`) never reach logs, Prefect
parameters, task runs, events, artifacts or files: the daily flow runs with all three settings set in its environment
and two sources whose URLs carry credentials (one served, one failing), each secret really used (the SMTP server
checks the password, the LLM endpoint receives the key, the feed server the basic auth), then everything the run
left behind is read back from the Prefect API, the captured logs and output, and the data folder, and searched
for the secret strings.
"""

from __future__ import annotations

import base64
import logging
import time
from datetime import date

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from models import session_scope
from models.db import ensure_schema
from pipeline.delivery.subscribers import add_subscriber
from tests.briefing.chat_server import ChatScript, ChatServer
from tests.delivery.smtpd import Collector, LoopbackSMTP
from tests.spiders.cases import RSS
from tests.support.httpserver import LoopbackServer, Route
from tests.support.recorded import recorded

pytestmark = pytest.mark.slow
DAY = date(2025, 7, 24)
SMTP_PASSWORD = "smtp-Pa55-9f1c2e7b"
ADMIN_TOKEN = "admin-tok-7d3b90a1c4"
LLM_KEY = "sk-llm-4e8a61c5d2"
FEED_PASSWORD = "s3cretpw"
FEED_TOKEN = "t0ps3cret"
FEED_AUTH = "Basic " + base64.b64encode(f"reader:{FEED_PASSWORD}".encode()).decode()
SECRETS = (SMTP_PASSWORD, ADMIN_TOKEN, LLM_KEY, FEED_PASSWORD, FEED_TOKEN)


@pytest.fixture(scope="module")
def prefect_api():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):
        yield


def _authenticator(logins: list):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == SMTP_PASSWORD.encode()
        logins.append(ok)
        return AuthResult(success=ok, handled=False)

    return check


@pytest.fixture
def live_secrets(tmp_path, monkeypatch):
    """The flow's environment with every secret set and a server on loopback that needs each of them."""
    logins: list[bool] = []
    smtp = LoopbackSMTP(Collector(), authenticator=_authenticator(logins), auth_required=True, auth_require_tls=False)
    smtp.start()
    chat = ChatScript(content="")  # an empty answer: the briefing falls back to its own lines
    with ChatServer(chat) as llm, LoopbackServer() as feeds:
        feeds.routes["/bc.xml"] = Route(
            body=recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes(), content_type=RSS
        )
        feeds.routes["/broken.xml"] = Route(status=500, body=b"oops", content_type="text/plain")
        private = feeds.routes["/private.xml"] = Route(
            body=recorded("securityweek-feed-2025-07-24.xml").read_bytes(), content_type=RSS
        )
        secret = f"http://reader:{FEED_PASSWORD}@127.0.0.1:{feeds.port}/{{}}.xml?token={FEED_TOKEN}"
        urls = {"bc": feeds.url("/bc.xml"), "private": secret.format("private"), "broken": secret.format("broken")}
        sources = tmp_path / "sources.toml"
        sources.write_text(
            "".join(f'[[sources]]\nkey = "{k}"\nname = "{k}"\nkind = "feed"\nurl = "{u}"\n\n' for k, u in urls.items())
        )
        home = tmp_path / "home"
        for name, value in {
            "HOME": home,
            "DATABASE_URL": f"sqlite:///{home / 'signaldesk.db'}",
            "ALLOW_PRIVATE_SOURCES": "true",
            "CRAWL_FAST": "1",
            "SMTP_URL": smtp.url(userinfo=f"briefing:{SMTP_PASSWORD}"),
            "ADMIN_TOKEN": ADMIN_TOKEN,
            "LLM_KEY": LLM_KEY,
            "LLM_URL": llm.base,
            "LLM_ENABLED": "true",
        }.items():
            monkeypatch.setenv(f"SIGNALDESK_{name}", str(value))
        yield home, str(sources), logins, chat, smtp.handler, private
    smtp.stop()


def _prefect_records(flow_run_id) -> dict[str, str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, LogFilter, LogFilterFlowRunId

    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(flow_run_id)
        runs = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        task_runs = client.read_task_runs(flow_run_filter=runs)
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
        artifacts = client.read_artifacts()
        events = _events(client)
    return {
        "flow run (parameters, state, tags)": flow_run.model_dump_json(),
        "task runs (inputs, states)": "\n".join(t.model_dump_json() for t in task_runs),
        "logs sent to the API": "\n".join(f"{log.name} {log.message}" for log in logs),
        "artifacts": "\n".join(a.model_dump_json() for a in artifacts),
        "events": events,
    }


def _events(client) -> str:
    """Every event the API holds (this module's one run): each task run's state changes carry the task run,
    its inputs included. They are sent and stored in the background, so wait for the last crawl's."""
    from prefect.events.worker import EventsWorker

    EventsWorker.drain_all()
    deadline = time.monotonic() + 30
    while True:
        page = client.read_events(limit=50)
        events = list(page.events)
        while page.next_page:
            page = client.read_events_page(page.next_page)
            events += page.events
        text = "\n".join(event.model_dump_json() for event in events)
        if ("crawl-broken" in text and "crawl-private" in text) or time.monotonic() > deadline:
            return text
        time.sleep(0.5)


def _files(home) -> dict[str, str]:
    # The data folder's text files: briefings, outbox, crawl logs and items, state. (Prefect's own database
    # is covered through its API above.)
    return {
        str(path): path.read_text(encoding="utf-8", errors="replace")
        for path in home.rglob("*")
        if path.is_file() and path.suffix in {".md", ".html", ".json", ".jsonl", ".log", ".eml", ".txt"}
    }


def test_no_secret_reaches_logs_parameters_artifacts_or_files(prefect_api, live_secrets, caplog, capfd):
    from flows.daily import daily_briefing

    home, sources, logins, chat, mailbox, private = live_secrets
    ensure_schema(f"sqlite:///{home / 'signaldesk.db'}")
    with session_scope(f"sqlite:///{home / 'signaldesk.db'}") as session:
        add_subscriber(session, "ana@example.com")
    with caplog.at_level(logging.DEBUG):
        state = daily_briefing(date=DAY, sources=sources, return_state=True)
    assert state.is_completed(), state.message
    # Each secret was live: used, and accepted, where it belongs.
    assert logins == [True] and len(mailbox.received) == 1
    assert chat.requests and chat.requests[0][0]["Authorization"] == f"Bearer {LLM_KEY}"
    assert private.hits and private.hits[0]["Authorization"] == FEED_AUTH

    out, err = capfd.readouterr()
    places = {
        "captured log records": "\n".join(r.getMessage() for r in caplog.records) + caplog.text,
        "stdout and stderr": out + err,
        "flow result": repr(state.result()),
        **_prefect_records(state.state_details.flow_run_id),
        **_files(home),
    }
    assert "crawl-broken" in places["task runs (inputs, states)"] and "crawl-private" in places["events"]
    assert "bc: ok" in places["logs sent to the API"] and "private: ok" in places["logs sent to the API"]
    leaks = [(where, secret) for where, text in places.items() for secret in SECRETS if secret in text]
    assert leaks == []


def test_crawl_processes_do_not_inherit_the_secrets(tmp_path):
    from pipeline.crawl import CrawlOptions, _Paths, crawl_env

    parent = {
        "PATH": "/usr/bin",
        "SIGNALDESK_CRAWL_FAST": "1",
        "SIGNALDESK_SMTP_URL": f"smtp://u:{SMTP_PASSWORD}@h",
        "SIGNALDESK_ADMIN_TOKEN": ADMIN_TOKEN,
        "SIGNALDESK_LLM_KEY": LLM_KEY,
        "SIGNALDESK_DATABASE_URL": "postgresql+psycopg://app:db-pw-31f7@db/signaldesk",
    }
    env = crawl_env(
        _Paths.for_source("src", tmp_path, tmp_path), parent, "http://127.0.0.1/feed.xml", CrawlOptions(fast=True)
    )
    assert env["SIGNALDESK_CRAWL_FAST"] == "1" and env["PATH"] == "/usr/bin"
    assert not [value for value in env.values() if any(s in value for s in (*SECRETS, "db-pw-31f7"))]
