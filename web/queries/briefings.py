"""Briefings by day: the latest one, one day's, and the list of days."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from models.tables import Briefing


def latest_briefing(session: Session) -> Briefing | None:
    return session.exec(select(Briefing).order_by(Briefing.day.desc()).limit(1)).first()


def briefing_for_day(session: Session, day: date) -> Briefing | None:
    return session.exec(select(Briefing).where(Briefing.day == day)).first()


def briefing_days(session: Session, *, limit: int = 60) -> list[date]:
    return list(session.exec(select(Briefing.day).order_by(Briefing.day.desc()).limit(limit)))
