"""The registry row as a typed model: a wrong kind, class, tier or country is named with its file and row."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

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

_CLOSED = {"kind": tuple(KINDS), "control": tuple(CONTROL_CLASSES), "tier": TIERS, "match": MATCH_MODES}


class RegistryRowError(ValueError):
    """A registry row that breaks the schema; the message names the file and row."""

    def __init__(self, where: str, problems: list[str]):
        self.where = where
        self.problems = problems
        super().__init__(f"{where}: " + "; ".join(problems))


class RegistryRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

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

    @field_validator("kind", "control", "tier", "match")
    @classmethod
    def _closed_vocabulary(cls, value: str, info) -> str:
        allowed = _CLOSED[info.field_name]
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of " + ", ".join(repr(a) for a in allowed))
        return value

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value:
            raise ValueError("a row needs a name")
        return value

    @field_validator("aliases", mode="before")
    @classmethod
    def _split_aliases(cls, value):
        if isinstance(value, str):
            return tuple(a.strip() for a in value.split("|") if a.strip())
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _country_code(cls, value):
        code = (value or "").strip().upper()
        if code:
            from .registry import country_name

            if len(code) != 2 or country_name(code) == code:
                raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
        return code

    @field_validator("slash_source", mode="before")
    @classmethod
    def _yes_no(cls, value):
        if isinstance(value, bool):
            return value
        text = (value or "").strip().lower()
        if text in ("yes", "true", "1"):
            return True
        if text in ("", "no", "false", "0"):
            return False
        raise ValueError(f"{value!r} is not yes or no")


_DEFAULTS = {"kind": "other", "control": "unknown", "tier": "national", "match": ""}


def validate_row(row: dict[str, str], where: str) -> RegistryRow:
    """A CSV row as a RegistryRow; empty cells take their defaults.  Raises RegistryRowError."""
    cleaned = {k: (v or "") for k, v in row.items() if k}
    for key, default in _DEFAULTS.items():
        if not cleaned.get(key, "").strip():
            cleaned[key] = default
    try:
        return RegistryRow.model_validate(cleaned)
    except ValidationError as e:
        raise RegistryRowError(where, [_explain(err) for err in e.errors()]) from None


def _explain(err) -> str:
    column = ".".join(str(p) for p in err["loc"]) or "row"
    message = err["msg"].removeprefix("Value error, ")
    return f"{column}: {message}"
