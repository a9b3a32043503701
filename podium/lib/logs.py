"""Logging filters (settings.LOGGING)."""

from __future__ import annotations

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A 403 is Podium refusing on purpose, not a fault: log its one line, not a traceback.

    Django logs every PermissionDenied with the exception attached, so each refused request
    filled the log with a stack trace that says nothing.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
