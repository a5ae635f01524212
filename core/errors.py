"""One root for every error Signaldesk raises on purpose.

Each error names the resource it is about (a source key, a field, a file) so the CLI can print one clear
line instead of a traceback.
"""


class SignaldeskError(Exception):
    """Root of all Signaldesk errors."""

    def __init__(self, message: str, *, resource: str | None = None):
        self.resource = resource
        super().__init__(f"{resource}: {message}" if resource else message)


class ConfigError(SignaldeskError):
    """A settings value, sources file or taxonomy entry is wrong."""


class SourceError(SignaldeskError):
    """A source could not be fetched or parsed; `resource` is the source key."""


class StoreError(SignaldeskError):
    """The database refused or could not be reached."""


class InputError(SignaldeskError):
    """A user-supplied value (date, category, JSON line) is malformed."""


class DeliveryError(SignaldeskError):
    """A message could not be delivered; `resource` is the recipient."""
