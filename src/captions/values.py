"""Checks of the values people type (dates, limits, country codes, control classes), shared by the
command line and the web API: one clear line for each value that makes no sense."""

from __future__ import annotations

import datetime as dt
import re

from .errors import UsageError

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
MAX_LIMIT = 2**63 - 1  # the largest row count a database takes
# State Media Monitor typology (ASD-at-GMF), plus our two values outside it: kept here, not in the
# registry, so that checking an option does not load the registry.
CONTROL_CLASSES = ("SC", "CaPu", "CaPr", "ISFM", "ISF", "ISM", "IP", "private", "unknown")


def check_date(value: str | None, option: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real date; None passes."""
    if value is None:
        return None
    v = value.strip()
    if _DATE.match(v):
        parts = [int(x) for x in v.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
            return v
        except ValueError:
            pass
    raise UsageError(f"{option}: not a date: {value!r}", hint="use YYYY-MM-DD, YYYY-MM or YYYY")


def split_mode(one_per_line: bool, one_per_paragraph: bool) -> str:
    """How a plain text is cut into captions: auto (an article), line or paragraph."""
    if one_per_line and one_per_paragraph:
        raise UsageError("--one-per-line and --one-per-paragraph exclude each other")
    return "line" if one_per_line else "paragraph" if one_per_paragraph else "auto"


def check_filters(limit=None, provenance=None, country=None, control=None, since=None, until=None, **flags):
    """The Filters of list, export and search from option values, checked."""
    from .catalogue.sql import Filters

    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"--limit: must be between 1 and {MAX_LIMIT}")
    if control is not None and control not in CONTROL_CLASSES:
        raise UsageError(f"--control: unknown class {control!r}", hint="one of " + ", ".join(CONTROL_CLASSES))
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise UsageError(f"--country: not an ISO 3166 country code: {country!r}", hint="two letters, e.g. KP, CN, RU")
    return Filters(
        limit=limit,
        provenance=getattr(provenance, "value", provenance),
        country=country,
        control=control,
        since=check_date(since, "--since"),
        until=check_date(until, "--until"),
        **flags,
    )
