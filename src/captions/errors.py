"""Errors the CLI reports as one line (plus an optional hint) instead of a traceback."""

from __future__ import annotations


class CaptionsError(Exception):
    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(CaptionsError):
    """A file or stream we cannot read as captions."""


class UsageError(CaptionsError):
    """An option value that makes no sense (a bad date, an unknown format)."""

    exit_code = 2


class StoreError(CaptionsError):
    """The catalogue cannot be opened or written."""
