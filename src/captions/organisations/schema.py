"""The registry row: its closed vocabularies, a row as its values, and the check of a row that
names a wrong kind, class, tier or country with its file and row.

The check is a pydantic model (row_model.py), loaded only to check a row: a user's registry file
when it is read, and the shipped files in the tests.  Shipped rows are read as they are written
(`row_values`), which keeps pydantic out of every command that only looks a name up.
"""

from __future__ import annotations

from typing import NamedTuple

# State Media Monitor typology (ASD-at-GMF), plus our two values outside it.
CONTROL_CLASSES = {
    "SC": "state-controlled media",
    "CaPu": "captured public media",
    "CaPr": "captured private media",
    "ISFM": "independent state-funded and state-managed media",
    "ISF": "independent state-funded media",
    "ISM": "independent state-managed media",
    "IP": "independent public media",
    "private": "privately owned, outside the State Media Monitor typology",
    "unknown": "not classified",
}

# The closed vocabulary of what an organisation is, as far as a credit line cares.
KINDS = {
    "news_agency": "a wire or national news agency",
    "photo_agency": "a photo agency or picture desk that supplies images of its own photographers",
    "stock": "a stock library that licenses contributors' images",
    "platform": "a distributor that resells other agencies' images (Getty Images, Shutterstock)",
    "social": "a social network: what it carries was posted by its users, not by a news organisation",
    "broadcaster": "a television or radio broadcaster",
    "newspaper": "a newspaper or news magazine",
    "website": "an online-only outlet",
    "media": "a media outlet whose form (print, broadcast, online) is not recorded",
    "pool": "a named pool of accredited photographers",
    "government": "a government office, ministry, police force or public agency: a party to the story",
    "military": "armed forces and defence ministries: a party to the story",
    "company": "a business that hands out its own pictures",
    "ngo": "a non-governmental or intergovernmental organisation",
    "other": "anything else",
}
TIERS = ("origin", "national", "wire", "platform")
# How the canonical name itself may be matched: "" like any alias; "exact" only as written;
# "listed" never (the name is an ordinary word or a person's name, e.g. a paper called "Anis").
MATCH_MODES = ("", "exact", "listed")

CLOSED = {"kind": tuple(KINDS), "control": tuple(CONTROL_CLASSES), "tier": TIERS, "match": MATCH_MODES}


class RegistryRowError(ValueError):
    """A registry row that breaks the schema; the message names the file and row."""

    def __init__(self, where: str, problems: list[str]):
        self.where = where
        self.problems = problems
        super().__init__(f"{where}: " + "; ".join(problems))


_DEFAULTS = {"kind": "other", "control": "unknown", "tier": "national", "match": ""}


class RowValues(NamedTuple):
    """A registry row's values, as row_model.RegistryRow gives them once checked."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    kind: str = "other"
    control: str = "unknown"
    tier: str = "national"
    slash_source: bool = False
    as_of: str = ""
    source: str = ""
    note: str = ""
    match: str = ""


def _cleaned(row: dict[str, str]) -> dict[str, str]:
    """The row's cells, None as empty, and the defaults where a closed column is left empty."""
    cleaned = {k: (v or "") for k, v in row.items() if k}
    for key, default in _DEFAULTS.items():
        if not cleaned.get(key, "").strip():
            cleaned[key] = default
    return cleaned


def row_values(row: dict[str, str]) -> RowValues:
    """A row known to be valid (the shipped files, checked by the tests) as its values, read the
    way validate_row reads them, without checking them."""

    def cell(key: str, default: str = "") -> str:
        return (row.get(key) or "").strip() or default

    aliases = cell("aliases")
    return RowValues(
        cell("name"),
        tuple(a for a in map(str.strip, aliases.split("|")) if a) if aliases else (),
        cell("country").upper(),
        cell("kind", "other"),
        cell("control", "unknown"),
        cell("tier", "national"),
        cell("slash_source").lower() in ("yes", "true", "1"),
        cell("as_of"),
        cell("source"),
        cell("note"),
        cell("match"),
    )


def validate_row(row: dict[str, str], where: str) -> RowValues:
    """A CSV row as its values, every value checked; empty cells take their defaults.  Raises
    RegistryRowError."""
    from pydantic import ValidationError

    from .row_model import RegistryRow

    try:
        checked = RegistryRow.model_validate(_cleaned(row))
    except ValidationError as e:
        raise RegistryRowError(where, [_explain(err) for err in e.errors()]) from None
    return RowValues(**checked.model_dump())


def _explain(err) -> str:
    column = ".".join(str(p) for p in err["loc"]) or "row"
    message = err["msg"].removeprefix("Value error, ")
    return f"{column}: {message}"
