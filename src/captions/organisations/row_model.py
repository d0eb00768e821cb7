"""The registry row as a pydantic model: every value checked (schema.validate_row)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from .schema import CLOSED


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
        allowed = CLOSED[info.field_name]
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
