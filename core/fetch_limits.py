"""The bounds on one fetch of a source, and the name it goes by, the same for the crawl (spiders/settings.py)
and for `signaldesk sources check` (pipeline/guarded_http.py, pipeline/health.py): a source the check calls
healthy must fit the crawl, and a site that allows or blocks our crawler does the same to the check.

No imports: the crawl process reads this at start-up, where every import is paid once per source per run.
"""

MIB = 1024 * 1024
MAX_BODY_BYTES = 20 * MIB
MAX_REDIRECTS = 5
USER_AGENT = "Signaldesk/0.1 (+https://github.com/signaldesk/signaldesk)"


def size_limit_text(max_bytes: int = MAX_BODY_BYTES) -> str:
    return f"larger than the {max_bytes / MIB:g} MiB limit"
