"""Every command reads a day by the one rule of pipeline.dates: run's --date and tag's --since at parse time
(a usage error, exit 2), brief's and send's --date in the handler (one line naming --date)."""

from __future__ import annotations

from datetime import date

import pytest

from cli import build_parser, main


@pytest.mark.parametrize("argv", [["run", "--date"], ["tag", "--stored", "--since"]])
def test_a_good_day_is_a_date(argv):
    args = build_parser().parse_args([*argv, "2026-04-15"])
    assert (args.date if argv[0] == "run" else args.since) == date(2026, 4, 15)


@pytest.mark.parametrize("argv", [["run", "--date"], ["tag", "--stored", "--since"]])
@pytest.mark.parametrize("bad", ["2026-02-30", "20260415", "yesterday"])
def test_a_bad_day_is_a_usage_error_naming_the_option(argv, bad, capsys):
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args([*argv, bad])
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert f"argument {argv[-1]}: {bad!r} is not a date (YYYY-MM-DD)" in err


@pytest.mark.parametrize("argv", [["brief", "--date", "20260415"], ["send", "--date", "20260415"]])
def test_brief_and_send_refuse_the_same_days(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SIGNALDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SIGNALDESK_DATABASE_URL", raising=False)
    assert main(argv) == 2
    assert capsys.readouterr().err == "signaldesk: --date: '20260415' is not a date (YYYY-MM-DD)\n"
