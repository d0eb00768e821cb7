"""The caps every reader applies to what users hand us, and the cleaning of text at read time.

One bad input must cost only itself: a value past a cap is cut or skipped with a warning that
names it, never a traceback and never a hang.  docs/LIMITS.md lists each cap and what happens past
it; keep the two in step.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

MAX_CAPTION = 20_000  # characters of a caption (or credit) kept; the rest is cut and noted
MAX_FIELD = 1_000  # characters of an id, page date or source kept
MAX_LINE = 1 << 20  # characters of a text line read at once; a longer line comes in pieces
MAX_RECORD = 64 << 20  # characters of one JSONL line or CSV cell; a longer one is skipped
MAX_JSON_DEPTH = 64  # nesting of a JSON value (a JSONL line, a JSON-LD block)
MAX_FOLDER_DEPTH = 256  # folder levels read below a folder named
MAX_IMAGE = 512 << 20  # bytes of an image read from standard input (a file is read as the image reader needs)
DEFAULT_MAX_PAGE = 64 << 20  # bytes of a web page; CAPTIONS_MAX_PAGE_MB changes it


@dataclass(frozen=True)
class Limits:
    """The limits a user may change."""

    max_page: int = DEFAULT_MAX_PAGE

    @classmethod
    def from_env(cls) -> Limits:
        value = os.environ.get("CAPTIONS_MAX_PAGE_MB", "").strip()
        try:
            max_page = int(float(value) * (1 << 20)) if value else DEFAULT_MAX_PAGE
        except ValueError:
            max_page = DEFAULT_MAX_PAGE
        return cls(max_page=max_page if max_page > 0 else DEFAULT_MAX_PAGE)


# A NUL cuts a cell where SQLite's printf writes the export's lines and PostgreSQL refuses it in
# text; a lone surrogate (JSON's "\ud800") cannot be encoded to UTF-8 at all.  Neither is ever
# stored: a NUL becomes a space (as parse_caption makes it), a lone surrogate U+FFFD.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> tuple[str, str | None]:
    """(text fit to store, None) or (cleaned text, what was replaced) when it held NULs or lone
    surrogates."""
    if not _UNSTORABLE.search(text):
        return text, None
    changes = []
    if "\x00" in text:
        text = text.replace("\x00", " ")
        changes.append("NUL characters replaced by spaces")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(REPLACEMENT, text)
        changes.append("lone surrogates replaced by U+FFFD")
    return text, "; ".join(changes)


CUT_MARK = " […] "
KEPT_END = 2_000  # characters kept from the end of a cut caption: its credit is there


def clean_nested(value, depth: int = 0):
    """A value of embedded metadata (strings in dicts and lists a few levels deep, as the image
    and page readers build them) with every string cleaned as clean_text does; None below 8 levels."""
    if depth > 8:
        return None
    if isinstance(value, str):
        return clean_text(value)[0]
    if isinstance(value, dict):
        return {clean_text(str(k))[0]: clean_nested(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_nested(v, depth + 1) for v in value]
    return value


def cap(text: str, limit: int, keep_end: int = 0) -> tuple[str, str | None]:
    """(text, None) or (text cut to `limit` characters, why).  With `keep_end` the last characters
    are kept after a " […] " mark, so that a caption's closing credit survives the cut."""
    if len(text) <= limit:
        return text, None
    if keep_end:
        head = limit - keep_end - len(CUT_MARK)
        return text[:head] + CUT_MARK + text[
            -keep_end:
        ], f"cut to {limit:,} characters (was {len(text):,}): the middle is left out"
    return text[:limit], f"cut at {limit:,} characters (was {len(text):,})"


def display_path(path: str) -> str:
    """A path fit to print and store: bytes that are not UTF-8 (kept by the OS as surrogate
    escapes) are shown as \\xNN instead of failing to encode."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# -- JSON with a bounded depth ---------------------------------------------------------------------

# a string runs to its closing quote or, unterminated, to the end: every quote is passed once
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class JSONTooDeep(ValueError):
    pass


def json_depth(text: str) -> int:
    """How deep the brackets of a JSON text nest (outside its strings), in one pass."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def loads(text: str, max_depth: int = MAX_JSON_DEPTH):
    """json.loads that refuses nesting deeper than `max_depth` (JSONTooDeep) before Python's own
    recursion limit is met, and reads integers of any length as their digits' text."""
    # counting every bracket costs a regex pass; only a text with enough brackets can be too deep
    if text.count("[") + text.count("{") > max_depth and json_depth(text) > max_depth:
        raise JSONTooDeep(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(text, parse_int=_int_or_digits)
    except RecursionError:
        raise JSONTooDeep(f"nested deeper than {max_depth} levels")


def _int_or_digits(digits: str):
    # Python refuses int() of more than 4,300 digits (ValueError); an id that long stays text
    return int(digits) if len(digits) < 100 else digits


def scalar_text(value) -> str | None:
    """A JSON value where one string is expected: a string or a number as text; the first such
    item of a list; a JSON-LD value object's "@value" or a thing's "name"; else None."""
    if isinstance(value, list):
        value = next(
            (
                v
                for v in value
                if isinstance(v, (str, int, float, dict)) and not isinstance(v, bool) and v not in ("", {})
            ),
            None,
        )
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    return None
