"""The one settings object, read from SIGNALDESK_* variables and an optional .env, built at the edge."""

from __future__ import annotations

import json
import re
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BUNDLED_SOURCES = Path(__file__).parent / "config" / "sources.toml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIGNALDESK_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path("./var"), description="Data folder: database, raw/, briefings/, outbox/")
    database_url: str | None = Field(default=None, description="Overrides the SQLite file under home")
    sources_file: Path | None = Field(default=None, description="Default: home/sources.toml if present, else bundled")
    timezone: str = "UTC"
    smtp_url: SecretStr | None = None
    mail_from: str = "Signaldesk <briefing@signaldesk.local>"
    public_url: str = "http://127.0.0.1:8000"
    admin_token: SecretStr | None = None
    # NoDecode: the value may be a plain comma-separated list as well as JSON (see _networks).
    trusted_proxies: Annotated[tuple[IPv4Network | IPv6Network, ...], NoDecode] = Field(
        default=(), description="Reverse proxies whose X-Forwarded-For names the client: IPs or CIDRs"
    )
    watchlist: list[str] = Field(default_factory=list, description="Global watchlist: orgs and technologies")
    allow_private_sources: bool = Field(default=False, description="Allow loopback/private source URLs")
    crawl_timeout: float = 120.0
    crawl_fast: bool = Field(
        default=False, description="One retry, short timeouts, no politeness delays: for tests and sources on loopback"
    )
    llm_url: str | None = None
    llm_key: SecretStr | None = None
    llm_model: str = "gpt-4o-mini"
    llm_token_budget: int = 20_000
    llm_enabled: bool = False

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value) -> tuple[IPv4Network | IPv6Network, ...]:
        if isinstance(value, str):
            value = json.loads(value) if value.lstrip().startswith("[") else value.replace(",", " ").split()
        return tuple(ip_network(str(item).strip()) for item in value)

    @field_validator("mail_from")
    @classmethod
    def _one_mailbox(cls, value: str) -> str:
        from pipeline.mailbox import parse_mailbox

        parse_mailbox(value)
        return value.strip()

    @field_validator("public_url")
    @classmethod
    def _link_base(cls, value: str) -> str:
        from pipeline.public_link import public_base_url

        return public_base_url(value)

    @field_validator("database_url")
    @classmethod
    def _usable_database(cls, value: str | None) -> str | None:
        from models.db import check_database_url

        return check_database_url(value) if value else value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'signaldesk.db').resolve()}"

    @property
    def sources_path(self) -> Path:
        if self.sources_file:
            return self.sources_file
        local = self.home / "sources.toml"
        return local if local.exists() else BUNDLED_SOURCES

    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    @property
    def briefings_dir(self) -> Path:
        return self.home / "briefings"

    @property
    def outbox_dir(self) -> Path:
        return self.home / "outbox"

    def ensure_dirs(self) -> None:
        for path in (self.home, self.raw_dir, self.briefings_dir, self.outbox_dir):
            path.mkdir(parents=True, exist_ok=True)


def load_settings(**overrides) -> Settings:
    """Build settings once at the edge; a bad value becomes a ConfigError naming the field."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from core.errors import ConfigError

    try:
        return Settings(**overrides)
    except SettingsError as exc:
        # A list variable that is not JSON fails while the variables are read, before any validator runs.
        name = re.search(r'field "(\w+)"', str(exc))
        raise ConfigError(
            'not a JSON list (e.g. ["Nvidia", "TSMC"])',
            resource="SIGNALDESK_" + name.group(1).upper() if name else "settings",
        ) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = "SIGNALDESK_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
        raise ConfigError(first["msg"].removeprefix("Value error, "), resource=field) from None
