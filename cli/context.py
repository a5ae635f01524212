"""What every command needs: the settings, built once here at the edge, and a schema at head."""

from __future__ import annotations

from pipeline.settings import Settings, load_settings


def open_store(**overrides) -> Settings:
    """Settings with the data folders made and the schema upgraded on first use."""
    from models import ensure_schema

    settings = load_settings(**overrides)
    settings.ensure_dirs()
    ensure_schema(settings.db_url)
    return settings
