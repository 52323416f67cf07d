"""Exceptions raised by the pxlint reference runtime."""


class PxlintRuntimeError(Exception):
    """Base class of every error the runtime raises on purpose."""


class WhitelistError(PxlintRuntimeError, ValueError):
    """The whitelist file is missing, unreadable or malformed.

    ``path`` is the file (or None for an in-memory whitelist) and ``index`` the
    0-based position of the bad entry in ``functions`` (None when the problem
    is not about one entry).  The message always names the file.
    """

    def __init__(self, message, path=None, index=None):
        where = str(path) if path is not None else "<whitelist>"
        if index is not None:
            where += ": functions[%d]" % index
        super().__init__("%s: %s" % (where, message))
        self.path = path
        self.index = index
        self.reason = message


class NotWhitelistedError(PxlintRuntimeError):
    """Raised by a strict executor at submit time for a callable that would
    have to run serialized.  ``verdict`` says which callable and why."""

    def __init__(self, verdict):
        super().__init__(
            "%s cannot run lock-free: %s (%s)"
            % (verdict.label, verdict.detail, verdict.reason)
        )
        self.verdict = verdict
