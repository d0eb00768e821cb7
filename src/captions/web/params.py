"""Query parameters -> catalogue Filters, checked as the CLI checks its options: a value that
makes no sense is one message (shown on the page, or a 400 from the API), never a traceback."""
from __future__ import annotations

import datetime as dt
import re
from typing import Mapping

from ..catalogue import Filters
from ..organisations.registry import CONTROL_CLASSES
from ..record import LEVELS

TEXT_FILTERS = ("agency", "source", "photographer", "person", "country", "control", "provenance", "since", "until")
FLAG_FILTERS = ("state_media", "unverifiable", "needs_review", "audit")
FILTER_NAMES = TEXT_FILTERS + FLAG_FILTERS
_TRUE = frozenset({"1", "true", "on", "yes"})
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
MAX_TEXT = 200          # longer than any organisation, person or place name


class BadParameter(ValueError):
    pass


def _date(value: str, name: str) -> str:
    if not _DATE.fullmatch(value):
        raise BadParameter(f"{name}: not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(x) for x in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise BadParameter(f"{name}: not a date: {value!r}") from None
    return value


def _checked(name: str, value: str) -> str:
    if len(value) > MAX_TEXT:
        raise BadParameter(f"{name}: longer than {MAX_TEXT} characters")
    if name in ("since", "until"):
        return _date(value, name)
    if name == "control" and value not in CONTROL_CLASSES:
        raise BadParameter(f"control: unknown class {value!r} (one of {', '.join(CONTROL_CLASSES)})")
    if name == "provenance" and value not in LEVELS:
        raise BadParameter(f"provenance: unknown level {value!r} (one of {', '.join(LEVELS)})")
    if name == "country" and not re.fullmatch(r"[A-Za-z]{2}", value):
        raise BadParameter(f"country: not an ISO 3166 country code: {value!r} (two letters, e.g. KP)")
    return value


def filter_values(params: Mapping[str, str]) -> dict:
    """The filters present in `params`, checked: {name: value}, flags as True."""
    values: dict = {}
    for name in TEXT_FILTERS:
        value = (params.get(name) or "").strip()
        if value:
            values[name] = _checked(name, value)
    for name in FLAG_FILTERS:
        if (params.get(name) or "").strip().lower() in _TRUE:
            values[name] = True
    return values


def filters_from(params: Mapping[str, str]) -> Filters:
    return Filters(**filter_values(params))
