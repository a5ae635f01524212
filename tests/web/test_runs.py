"""Run now end to end with a real child process (a tiny fake `run` command): state, exit code and log."""

from __future__ import annotations

import inspect
import re
import time
from datetime import date

import pytest

from cli import build_parser, orchestration
from core.categories import CATEGORIES
from flows.daily import daily_briefing
from flows.deploy import ADHOC
from tests.web.conftest import csrf_of, login
from web.runs import DEPLOYMENT, EmbeddedLauncher, RunRequest


def wait_done(launcher, run_id, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = launcher.status(run_id)
        if status.done:
            return status
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish")


REQUESTS = [
    RunRequest(day=date(2026, 1, 14), categories=("security", "policy"), sources=("techmeme", "nist")),
    RunRequest(day=date(2026, 1, 14), dry_run=True),
    RunRequest(day=date(2026, 2, 28), categories=tuple(CATEGORIES)),
]


def _flow_run(parameters: dict) -> dict:
    """The parameters as the daily flow receives them: validated by Prefect, defaults filled in. A name the
    flow does not have, or a value its types refuse, raises here."""
    bound = inspect.signature(daily_briefing.fn).bind(**daily_briefing.validate_parameters(parameters))
    bound.apply_defaults()
    return dict(bound.arguments)


@pytest.mark.parametrize("request_", REQUESTS)
def test_the_command_line_of_a_request_is_one_the_real_parser_reads_as_that_run(request_):
    args = build_parser().parse_args(request_.cli_args())
    assert args.handler is orchestration._run
    assert (args.date, args.categories or [], args.only or []) == (
        request_.day,
        [*request_.categories],
        [*request_.sources],
    )
    # Runs started from the web never mail anyone: no email, or a dry run that sends nothing.
    assert args.dry_run is request_.dry_run and (args.no_email or args.dry_run)


@pytest.mark.parametrize("request_", REQUESTS)
def test_the_command_line_and_the_deployment_parameters_are_the_same_flow_run(request_):
    via_command = _flow_run(orchestration.flow_parameters(build_parser().parse_args(request_.cli_args())))
    via_prefect = _flow_run(request_.parameters())
    assert via_command == via_prefect
    assert via_prefect["date"] == request_.day
    assert via_prefect["email"] is via_prefect["dry_run"] is request_.dry_run, "delivery runs only as a dry run"


def test_the_deployment_asked_for_is_the_daily_flows_adhoc_deployment():
    assert DEPLOYMENT == ADHOC and DEPLOYMENT.split("/")[0] == daily_briefing.name


def test_embedded_run_goes_from_running_to_completed_with_its_log(launcher):
    run_id = launcher.start(RunRequest(day=date(2026, 1, 14), categories=("security",)))
    assert launcher.status(run_id).state in ("queued", "running", "completed")
    status = wait_done(launcher, run_id)
    assert status.state == "completed" and status.exit_code == 0
    assert "fake run starting: run --date 2026-01-14 --categories security --no-email" in status.log
    assert "stored 3 documents" in status.log


def test_failed_run_keeps_exit_code_and_stderr(launcher):
    status = wait_done(launcher, launcher.start(RunRequest(day=date(1999, 12, 31))))
    assert status.state == "failed" and status.exit_code == 3
    assert "no source answered" in status.log


def test_a_command_that_cannot_start_is_a_failed_run(tmp_path):
    launcher = EmbeddedLauncher(tmp_path / "runs", argv_prefix=(str(tmp_path / "missing-binary"),))
    status = launcher.status(launcher.start(RunRequest(day=date(2026, 1, 14))))
    assert status.state == "failed" and "could not start" in status.log


def test_unknown_or_malicious_run_ids_are_not_found(launcher):
    assert launcher.status("../../etc/passwd") is None
    assert launcher.status("20260101-000000-abcdef") is None


def test_run_now_form_starts_a_run_and_the_run_page_follows_it(client, launcher):
    login(client)
    token = csrf_of(client, "/runs/new")
    response = client.post(
        "/runs",
        data={
            "day": "2026-01-14",
            "categories": ["security", "policy"],
            "sources": ["ft-tech"],
            "dry_run": "1",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    run_path = response.headers["location"]
    first = client.get(run_path)
    assert first.status_code == 200
    wait_done(launcher, run_path.rsplit("/", 1)[1])
    done = client.get(run_path).text
    assert re.search(r'id="run-state">completed<', done)
    assert 'http-equiv="refresh"' not in done
    assert "--categories security,policy --only ft-tech --dry-run" in done
    if "running" in first.text:
        assert 'http-equiv="refresh"' in first.text


def test_run_page_needs_admin(client):
    assert client.get("/runs/20260101-000000-abcdef").status_code == 401
