"""The registry row as a pydantic model: every value checked (schema.validate_row)."""

from __future__ import annotations

from typing import get_type_hints

from pydantic import BaseModel, ConfigDict, create_model, field_validator

from .schema import CLOSED, RowValues


class _Checks(BaseModel):
    """The checks of every value; the fields themselves are RowValues's, declared once there."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    @field_validator("kind", "control", "tier", "match", check_fields=False)
    @classmethod
    def _closed_vocabulary(cls, value: str, info) -> str:
        allowed = CLOSED[info.field_name]
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of " + ", ".join(repr(a) for a in allowed))
        return value

    @field_validator("name", check_fields=False)
    @classmethod
    def _named(cls, value: str) -> str:
        if not value:
            raise ValueError("a row needs a name")
        return value

    @field_validator("aliases", mode="before", check_fields=False)
    @classmethod
    def _split_aliases(cls, value):
        if isinstance(value, str):
            return tuple(a.strip() for a in value.split("|") if a.strip())
        return value

    @field_validator("country", mode="before", check_fields=False)
    @classmethod
    def _country_code(cls, value):
        code = (value or "").strip().upper()
        if code:
            from .registry import country_name

            if len(code) != 2 or country_name(code) == code:
                raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
        return code

    @field_validator("slash_source", mode="before", check_fields=False)
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


_HINTS = get_type_hints(RowValues)
RegistryRow = create_model(  # type: ignore[call-overload]
    "RegistryRow",
    __base__=_Checks,
    **{name: (_HINTS[name], RowValues._field_defaults.get(name, ...)) for name in RowValues._fields},
)
