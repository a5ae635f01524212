"""Turn a failed request (after retries) into one sentence a reader of the run report understands."""

from __future__ import annotations

from http import HTTPStatus

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

# Matched by class name along the exception's MRO, so Twisted's and Scrapy's variants of the same
# problem read the same without importing every transport's exception module.
_BY_NAME = {
    "CannotResolveHostError": "could not resolve the host name (DNS lookup failed)",
    "DNSLookupError": "could not resolve the host name (DNS lookup failed)",
    "DownloadTimeoutError": "timed out after {timeout}s without a complete response",
    "TimeoutError": "timed out after {timeout}s without a complete response",
    "TCPTimedOutError": "timed out after {timeout}s without a complete response",
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionRefusedError": "connection refused",
    "ResponseDataLossError": "connection closed before the whole response arrived",
    "ConnectionLost": "connection reset or closed by the server before it answered",
    "ConnectionDone": "connection reset or closed by the server before it answered",
    "ResponseNeverReceived": "connection reset or closed by the server before it answered",
    "ResponseFailed": "connection reset or closed by the server before it answered",
    "DownloadFailedError": "download failed",
}


def describe_failure(failure: Failure, settings) -> str:
    exc, request = failure.value, failure.request
    retries = request.meta.get("retry_times", 0)
    after = f" (after {retries} {'retry' if retries == 1 else 'retries'})" if retries else ""
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status} {_reason(exc.response.status)}{after}"
    if isinstance(exc, IgnoreRequest):
        if "redirections" in str(exc):
            return f"redirect loop: more than {settings.getint('REDIRECT_MAX_TIMES')} redirects"
        return f"request dropped: {exc}"
    # Scrapy cancels a download only when it outgrows DOWNLOAD_MAXSIZE; a body streamed without a
    # Content-Length is cancelled with an empty message, so the type alone says which.
    if isinstance(exc, DownloadCancelledError):
        limit = request.meta.get("download_maxsize") or settings.getint("DOWNLOAD_MAXSIZE")
        return f"response larger than the {limit}-byte limit (DOWNLOAD_MAXSIZE); download cancelled"
    timeout = request.meta.get("download_timeout") or settings.getfloat("DOWNLOAD_TIMEOUT")
    return _transport_message(exc, timeout) + after


def _transport_message(exc: BaseException, timeout: float) -> str:
    for cause in reversed(list(_chain(exc))):  # the innermost cause says most
        for cls in type(cause).__mro__:
            if cls.__name__ in _BY_NAME:
                return _BY_NAME[cls.__name__].format(timeout=f"{timeout:g}")
    return f"{type(exc).__name__}: {exc}"


def _chain(exc: BaseException):
    """The exception, what it was raised from, and the failures Twisted's web client wraps in `reasons`."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        reasons = getattr(exc, "reasons", None)
        exc = exc.__cause__ or (reasons[0].value if reasons else None)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "(unknown status)"
