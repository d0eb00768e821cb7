"""Where a text names a month or a weekday: one pass of an automaton over its folded letters.

The date rules read a month or weekday as any run of letters and look the word up ("mdy" tries
every word of the caption as a month), which costs a regular expression step and a dictionary
look-up at every word.  Most words are neither; the automaton says, in one pass in C, whether
any month name stands as a whole word and which words may hold a weekday, so that the rules only
run where their words were seen.  The answers are exact: a rule is skipped only where it could
not have found anything.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import ahocorasick

from .. import vocab

# the shapes the date rules read as a month ("Sept") or a weekday ("Saturday", "segunda-feira")
_MONTH_SHAPE = re.compile(r"[^\W\d_]+")
_WEEKDAY_SHAPE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


class CalendarWords(NamedTuple):
    month: bool  # some whole word of the text is a month name
    weekday_chunks: tuple[tuple[int, int], ...] | None  # (start, end) of each word that may hold a weekday
    solar_hijri: bool = True  # some whole word is a month of the Solar Hijri calendar ("اسفند")
    months_span: tuple[int, int] | None = None  # from the first month name to the end of the last


_EVERYWHERE = CalendarWords(True, None, True, None)


@cache
def _automaton() -> ahocorasick.Automaton:
    kinds: dict[str, set[str]] = {}
    for word in vocab.months():
        if _MONTH_SHAPE.fullmatch(word):
            kinds.setdefault(word, set()).add("month")
    for row in vocab.rows("solar_hijri_months.csv"):
        if _MONTH_SHAPE.fullmatch(row["name"]) and row["name"].casefold() == row["name"]:
            kinds.setdefault(row["name"], set()).add("solar_hijri")
    for word in vocab.weekdays():
        if _WEEKDAY_SHAPE.fullmatch(word):
            kinds.setdefault(word, set()).add("weekday")
    automaton = ahocorasick.Automaton()
    for word, kind in kinds.items():
        automaton.add_word(word, (len(word), "month" in kind, "weekday" in kind, "solar_hijri" in kind))
    automaton.make_automaton()
    return automaton


def calendar_words(text: str) -> CalendarWords:
    """The months and weekdays `text` may name.  A weekday rule reads runs of letters joined by a
    hyphen or "'s", never across white space, so the whitespace-delimited chunk around each
    weekday name is all it needs to read."""
    folded = text.casefold()
    if len(folded) != len(text):  # "ß" folds to "ss": positions would not line up, read everything
        return _EVERYWHERE
    solar_hijri = False
    first_month, last_month = len(text), -1
    chunks: list[tuple[int, int]] = []
    for last, (length, is_month, is_weekday, is_solar_hijri) in _automaton().iter(folded):
        start, end = last - length + 1, last + 1
        if (is_month or (is_solar_hijri and not solar_hijri)) and _whole_word(text, start, end):
            if is_month:
                first_month, last_month = min(first_month, start), max(last_month, end)
            solar_hijri = solar_hijri or is_solar_hijri
        if is_weekday:
            chunk = _chunk(text, start, end)
            if not chunks or chunks[-1] != chunk:
                chunks.append(chunk)
    month = last_month >= 0
    return CalendarWords(month, tuple(sorted(set(chunks))), solar_hijri, (first_month, last_month) if month else None)


def _whole_word(text: str, start: int, end: int) -> bool:
    return not (start and _is_letter(text[start - 1])) and not (end < len(text) and _is_letter(text[end]))


def _is_letter(char: str) -> bool:
    """What the rules read as a letter, [^\\W\\d_]: a word character (alphanumeric, or "_"),
    not a digit and not "_" (which is not alphanumeric)."""
    return char.isalnum() and not char.isdecimal()


def _chunk(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
