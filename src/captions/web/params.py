"""Query parameters -> catalogue Filters, checked by the same code as the CLI's options
(values.check_filters): a value that makes no sense is one message (shown on the page, or a 400
from the API), never a traceback."""

from __future__ import annotations

from collections.abc import Mapping

from ..catalogue import Filters
from ..errors import UsageError
from ..fields import LEVELS
from ..values import check_filters

TEXT_FILTERS = ("agency", "source", "photographer", "person", "country", "control", "provenance", "since", "until")
FLAG_FILTERS = ("state_media", "unverifiable", "needs_review", "audit")
FILTER_NAMES = TEXT_FILTERS + FLAG_FILTERS
_TRUE = frozenset({"1", "true", "on", "yes"})
MAX_TEXT = 200  # longer than any organisation, person or place name


class BadParameter(ValueError):
    pass


def filter_values(params: Mapping[str, str]) -> dict:
    """The filters present in `params`: {name: value}, flags as True."""
    values: dict = {}
    for name in TEXT_FILTERS:
        value = (params.get(name) or "").strip()
        if len(value) > MAX_TEXT:
            raise BadParameter(f"{name}: longer than {MAX_TEXT} characters")
        if value:
            values[name] = value
    for name in FLAG_FILTERS:
        if (params.get(name) or "").strip().lower() in _TRUE:
            values[name] = True
    return values


def filters_from(params: Mapping[str, str]) -> Filters:
    values = filter_values(params)
    if values.get("provenance", LEVELS[0]) not in LEVELS:
        raise BadParameter(f"provenance: unknown level {values['provenance']!r} (one of {', '.join(LEVELS)})")
    try:
        return check_filters(**values)
    except UsageError as e:
        # the CLI's words name options (--since); here they are parameters (since)
        raise BadParameter(e.message.removeprefix("--") + (f" ({e.hint})" if e.hint else ""))
