"""Prefect's environment, set before Prefect is imported.

Without PREFECT_API_URL the flows run in Prefect's ephemeral mode with PREFECT_HOME under SIGNALDESK_HOME;
telemetry stays off either way, since an offline machine otherwise logs connection errors on every run.
"""

from __future__ import annotations

import os
from pathlib import Path


def prepare_prefect_env(home: Path) -> bool:
    """Point Prefect at our data folder unless a server is configured; True when running embedded."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_CLIENT_ENABLE_METRICS", "false")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    if os.environ.get("PREFECT_API_URL"):
        return False
    prefect_home = (Path(home) / "prefect").resolve()
    prefect_home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(prefect_home))
    if not os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL"):
        from flows.prefect_template import SEEDED_SETTINGS, seed_prefect_home

        # A new home starts from the migrated database built at install time instead of migrating one; its
        # block types are registered already.
        if seed_prefect_home(Path(os.environ["PREFECT_HOME"])):
            for name, value in SEEDED_SETTINGS.items():
                os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    # Quiet the embedded server: its access log is noise in a CLI run.
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", os.environ.get("SIGNALDESK_PREFECT_LOG_LEVEL", "WARNING"))
    return True


def start_embedded_server_early():
    """Start Prefect's ephemeral server in the background while the command does its own set-up.

    The embedded server takes many seconds to come up on a small machine; the flow would start it on first
    use anyway (the same singleton), so starting it now only overlaps that wait with our work. Returns a
    thread to join before the flow runs, or None with a configured server.
    """
    import threading

    if os.environ.get("PREFECT_API_URL"):
        return None
    from prefect.server.api.server import SubprocessASGIServer

    thread = threading.Thread(target=SubprocessASGIServer().start, name="prefect-ephemeral", daemon=True)
    thread.start()
    return thread
