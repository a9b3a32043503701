"""Rules for text people type."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

# CR, LF and the other characters that break a line (vertical tab, form feed, NEL, U+2028/9).
LINE_BREAK = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]")
ONE_LINE_MESSAGE = "Keep this on one line: remove the line break."


def check_one_line(data: Mapping[str, Any], fields: Iterable[str]) -> None:
    """Refuse a line break in any of `fields` of `data` (a name, a title): one message each.

    A name with a line break splits email headers and CSV rows and looks like two entries in a
    list, so it is refused rather than silently joined.
    """
    errors = {
        name: ONE_LINE_MESSAGE
        for name in fields
        if isinstance(data.get(name), str) and LINE_BREAK.search(data[name])
    }
    if errors:
        raise ValidationError(errors)


def first_line(text: str, length: int = 80) -> str:
    """The first non-empty line of a text, shortened with an ellipsis: how a draft is named."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"
