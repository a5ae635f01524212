"""Run now end to end with a real child process (a tiny fake `run` command): state, exit code and log."""

from __future__ import annotations

import re
import time
from datetime import date

from tests.web.conftest import csrf_of, login
from web.runs import EmbeddedLauncher, RunRequest


def wait_done(launcher, run_id, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = launcher.status(run_id)
        if status.done:
            return status
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish")


def test_cli_arguments_follow_the_request():
    request = RunRequest(day=date(2026, 1, 14), categories=("security", "policy"), sources=("techmeme", "nist"))
    assert request.cli_args() == ["run", "--date", "2026-01-14", "--categories", "security,policy",
                                  "--only", "techmeme", "--only", "nist", "--no-email"]
    assert request.parameters() == {"date": "2026-01-14", "categories": ["security", "policy"],
                                    "only": ["techmeme", "nist"], "dry_run": False, "email": False}
    assert RunRequest(day=date(2026, 1, 14), dry_run=True).cli_args()[-1] == "--dry-run"


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
    response = client.post("/runs", data={"day": "2026-01-14", "categories": ["security", "policy"],
                                          "sources": ["ft-tech"], "dry_run": "1", "csrf_token": token},
                           follow_redirects=False)
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
