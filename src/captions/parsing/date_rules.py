"""The rules that find dates in a text, most specific first ("2024年3月5日" before "5日", "March 5,
2024" before "Tuesday"), each a generator of (start, end, value).

Each rule runs only where the words or marks it needs were seen (`calendar_words`, a digit, a
year), and reads only the stretch that can hold its matches.  `date_mentions` runs them in order;
`dates` decides which mention is the photo's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import vocab
from .calendar_words import CalendarWords
from .date_patterns import (
    IN_YEAR,
    LAST_STOP,
    NAME_AFTER,
    PATTERNS,
    RELATIVE_WORD,
    SPACES,
    STOP,
    DigitRuns,
    english_month_names,
    relative_offsets,
    relative_re,
    solar_hijri_months,
    weekday_value,
    word_patterns,
    year_of,
)
from .date_values import iso, resolve_day, resolve_month, resolve_month_day, resolve_weekday, shift, solar_hijri_to_iso


@dataclass
class RuleContext:
    text: str
    page_date: dt.date | None
    language: str | None = None
    calendar: CalendarWords = CalendarWords(True, None)
    month_region: tuple[int, int] | None = None  # _month_region, read by two rules
    numbered_region: tuple[int, int] | None = None  # _numbered_month_region
    words: frozenset[int] = frozenset()  # date_word_filter's candidates: the kinds of word the text may hold
    cjk: bool = True
    _years: list[int] | None = None
    _digits: DigitRuns | None = None
    # does a span claimed by an earlier rule hold all of text[start:end]? (then no later rule's
    # match there is kept)
    taken: Callable[[int, int], bool] = lambda start, end: False

    def years(self) -> list[int]:
        """Where the text's years (YEAR) start: the year rules are placed from them."""
        if self._years is None:
            self._years = self.digits().years()
        return self._years

    def digits(self) -> DigitRuns:
        if self._digits is None:
            self._digits = DigitRuns(self.text)
        return self._digits

    def lang(self) -> str:
        if self.language is None:
            from .language import detect_language

            self.language = detect_language(self.text)
        return self.language


Found = tuple[int, int, str | None]  # start, end, value


def _cjk_full(ctx: RuleContext) -> Iterator[Found]:
    for m in PATTERNS["cjk_ymd"].finditer(ctx.text):
        year, month = year_of(m), int(m["m"])
        yield m.start(), m.end(), iso(year, month, int(m["day"]))
        same = PATTERNS["cjk_same_month"].match(ctx.text, _skip_to(ctx.text, m.end(), "同", 12))
        if same:  # "2017年5月18日撮影、同19日公開": the same month
            yield same.start(), same.end(), iso(year, month, int(same["day"]))


def _skip_to(text: str, start: int, char: str, within: int) -> int:
    i = text.find(char, start, start + within)
    return i if i >= 0 else start


def _cjk_month_day(ctx: RuleContext) -> Iterator[Found]:
    for m in PATTERNS["cjk_md"].finditer(ctx.text):
        yield m.start(), m.end(), resolve_month_day(int(m["m"]), int(m["day"]), ctx.page_date)


def _cjk_year_month(ctx: RuleContext) -> Iterator[Found]:
    for m in PATTERNS["cjk_ym"].finditer(ctx.text):
        yield m.start(), m.end(), f"{year_of(m):04d}-{int(m['m']):02d}" if 1 <= int(m["m"]) <= 12 else None


def _cjk_day(ctx: RuleContext) -> Iterator[Found]:
    for m in PATTERNS["cjk_day"].finditer(ctx.text):
        yield m.start(), m.end(), resolve_day(int(m["day"]), ctx.page_date)


def _cjk_year(ctx: RuleContext) -> Iterator[Found]:
    for m in PATTERNS["cjk_year"].finditer(ctx.text):
        yield m.start(), m.end(), str(year_of(m))


def _iso_dates(ctx: RuleContext) -> Iterator[Found]:
    if not ctx.digits().joined("-./", 4):  # YEAR_FIRST
        return
    for key in ("iso", "ymd_numeric"):
        for m in PATTERNS[key].finditer(ctx.text):
            year, month, day = int(m["year"]), int(m["m"]), int(m["day"])
            # "۱۴۰۲/۱۲/۱۵": a year in the 1300s or 1400s is of the Solar Hijri calendar
            value = solar_hijri_to_iso(year, month, day) if 1300 <= year < 1500 else iso(year, month, day)
            yield m.start(), m.end(), value


def _solar_hijri(ctx: RuleContext) -> Iterator[Found]:
    if not ctx.calendar.solar_hijri:
        return
    months = solar_hijri_months()
    for m in PATTERNS["solar_hijri"].finditer(ctx.text):
        month = months.get(m["month"])
        if month and 1300 <= int(m["year"]) < 1500:
            yield m.start(), m.end(), solar_hijri_to_iso(int(m["year"]), month, int(m["day"]))


def _numeric(ctx: RuleContext) -> Iterator[Found]:
    if not ctx.digits().joined("./"):  # DAY_SEP
        return
    for m in PATTERNS["numeric"].finditer(ctx.text):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        # "ngày 5/3/2024": Vietnamese names the day first, whatever the language guess says
        us = (
            m["sep"] == "/"
            and not PATTERNS["vi_day"].search(ctx.text, max(0, m.start() - 8), m.start())
            and ctx.lang() == "en"
        )
        month, day = (a, b) if us else (b, a)
        if month > 12 and day <= 12:  # "25/12/2024" read as US order cannot be: swap
            month, day = day, month
        yield m.start(), m.end(), iso(year, month, day)


def _vietnamese(ctx: RuleContext) -> Iterator[Found]:
    # each form needs its own word or mark: "ngày" (any case: lower-casing keeps it whole), "27/2"
    vi = not ctx.text.isascii() and "ngày" in ctx.text.lower()
    for m in PATTERNS["vi"].finditer(ctx.text) if vi else ():
        month, day = int(m["m"]), int(m["day"])
        value = iso(int(m["year"]), month, day) if m["year"] else resolve_month_day(month, day, ctx.page_date)
        yield m.start(), m.end(), value
    for m in word_patterns()["vi_day_month"].finditer(ctx.text) if ctx.digits().joined("/") else ():
        yield m.start("day"), m.end(), resolve_month_day(int(m["m"]), int(m["day"]), ctx.page_date)


def _word_dates(ctx: RuleContext) -> Iterator[Found]:
    if not ctx.calendar.month:
        return
    months = vocab.months()
    text = ctx.text
    start, end = _numbered_month_region(ctx)
    digits = ctx.digits()
    # each form is read only where the text holds its number in its place: "2024. március 5."
    # (the rarest form, and the only one with a year and a full stop), "Sept. 16", "16 March"
    has_number = {"ymd_words": digits.year_dot, "mdy": digits.day_after_word, "dmy": digits.day_before_word}
    for key in ("ymd_words", "mdy", "dmy") if start < end else ():
        if not has_number[key]():
            continue
        for m in PATTERNS[key].finditer(text, start, end):
            month = months.get(m["month"].casefold())
            if month is None or (m["month"] == "may" and not m["year"]):
                continue
            if key == "mdy" and not m["year"] and NAME_AFTER.match(text, m.end(), m.end() + 3):
                continue  # a name, not a date: "the May 9 Catfish Farm"
            # a word before the date that is not a weekday is not part of it
            weekday = key != "ymd_words" and m["weekday"] and weekday_value(m["weekday"]) is not None
            start = m.start() if weekday or key == "ymd_words" else m.start("month" if key == "mdy" else "day")
            day = int(m["day"])
            value = iso(int(m["year"]), month, day) if m["year"] else resolve_month_day(month, day, ctx.page_date)
            yield start, m.end(), value


def _month_region(ctx: RuleContext) -> tuple[int, int]:
    """Where the month rules need to look: around the month names the automaton saw, out to the
    nearest character no date of theirs can hold ("(", ";", a quote), so that no match is cut and
    the scan starts where a scan of the whole text would be between matches."""
    text, span = ctx.text, ctx.calendar.months_span
    if span is None:
        return 0, len(text)
    before = LAST_STOP.match(text, 0, span[0])
    after = STOP.search(text, span[1])
    return (before.end() if before else 0), (after.end() if after else len(text))


def _numbered_month_region(ctx: RuleContext) -> tuple[int, int]:
    """The month region (`_month_region`), less what lies before the first digit's two words.
    Every match of the rules with a number ("mdy", "dmy", "ymd_words", "my"), month or not, holds
    a digit, and before its first digit at most two words (a weekday and a month, a month and
    "de") with spaces, commas and full stops between: no match starts before those two words of
    the text's first digit, so a scan from there finds what a scan from the region's start does.
    Without the automaton's months the whole text is read, as the property tests compare."""
    if ctx.numbered_region is None:
        ctx.month_region = start, end = _month_region(ctx)
        digit = ctx.digits().first(start, end)
        if ctx.calendar.months_span is None:
            ctx.numbered_region = start, end
        elif digit is None:
            ctx.numbered_region = end, end
        else:
            ctx.numbered_region = digit - _two_words_before(ctx.text, start, digit), end
    return ctx.numbered_region


_TWO_WORDS_REVERSED = re.compile(r"(?:[\s,.]*+(?:[^\W\d_]|-)*+){2}")


def _two_words_before(text: str, start: int, digit: int) -> int:
    """How far back from `digit` (not before `start`) two words reach, with what stands between
    them.  They are read from the right, on the reversed text: first on the last 48 characters,
    which hold them unless a match reaches the window's edge (then on all of it)."""
    window = max(start, digit - 48)
    words = _TWO_WORDS_REVERSED.match(text[window:digit][::-1])
    reach = words.end() if words else 0
    if reach == digit - window and window > start:
        words = _TWO_WORDS_REVERSED.match(text[start:digit][::-1])
        reach = words.end() if words else 0
    return reach


def _month_year(ctx: RuleContext) -> Iterator[Found]:
    if not ctx.calendar.month:  # "in April" names a month too
        return
    months = vocab.months()
    start, end = _numbered_month_region(ctx)
    for m in PATTERNS["my"].finditer(ctx.text, start, end) if start < end and ctx.digits().year_after_word() else ():
        month = months.get(m["month"].casefold())
        if month:
            yield m.start(), m.end(), f"{int(m['year']):04d}-{month:02d}"
    start, end = ctx.month_region or _month_region(ctx)
    if ctx.calendar.months_span is not None:
        start = max(start, _in_before(ctx.text, ctx.calendar.months_span[0]))
    english = english_month_names()
    for m in PATTERNS["in_month"].finditer(ctx.text, start, end) if ctx.text.find("in", start, end) >= 0 else ():
        month = english.get(m["month"].casefold())
        if month:
            yield m.start("month"), m.end("month"), resolve_month(month, ctx.page_date)


def _in_before(text: str, month: int) -> int:
    """Where "in April" would start, for the first month name of the text: no "in_month" match
    that yields starts earlier (its month would be the first), and none that only passes over this
    place can start inside itself ("in" is lower case, the word after it opens with a capital), so
    a scan from here finds what a scan from further back finds."""
    while month and text[month - 1].isspace():
        month -= 1
    return max(month - 2, 0)


def _year_label(ctx: RuleContext) -> Iterator[Found]:
    m = PATTERNS["year_label"].match(ctx.text)
    if m:
        yield m.start("year"), m.end("year"), m["year"]


def _weekdays(ctx: RuleContext) -> Iterator[Found]:
    chunks = ctx.calendar.weekday_chunks
    for start, end in ((0, len(ctx.text)),) if chunks is None else chunks:
        if ctx.taken(start, end):
            continue  # "Tuesday, Sept. 16": a date read by an earlier rule holds the weekday's word
        for m in PATTERNS["weekday"].finditer(ctx.text, start, end):
            weekday = weekday_value(m["weekday"])
            if weekday is not None:
                yield m.start("weekday"), m.end(), resolve_weekday(weekday, ctx.page_date)
    if ctx.cjk:
        weekdays = vocab.weekdays()
        for m in PATTERNS["cjk_weekday"].finditer(ctx.text):
            weekday = weekdays.get(m.group(0)) if m.group(0) in weekdays else weekdays.get(m.group(0) + "日")
            if weekday is not None:
                yield m.start(), m.end(), resolve_weekday(weekday, ctx.page_date)


def _relative(ctx: RuleContext) -> Iterator[Found]:
    if RELATIVE_WORD not in ctx.words:
        return
    offsets = relative_offsets()
    for m in relative_re().finditer(ctx.text):
        offset = offsets.get(SPACES.sub(" ", m["rel"].casefold()))
        if offset is not None:
            yield m.start(), m.end(), shift(ctx.page_date, -offset)


def _years(ctx: RuleContext) -> Iterator[Found]:
    # the long alternation of verbs runs only before "in 1989"
    if next(_word_before_year(ctx.text, IN_YEAR, ctx.years(), 2), None) is None:
        return
    for m in word_patterns()["year_taken"].finditer(ctx.text):
        yield m.start("year"), m.end("year"), m["year"]


def _weak_years(ctx: RuleContext) -> Iterator[Found]:
    for key, word in (("year_closing", "in"), ("year_event", "the")):
        for m in _word_before_year(ctx.text, PATTERNS[key], ctx.years(), len(word)):
            if not word_patterns()["year_of_other"].search(ctx.text, max(0, m.start() - 16), m.start()):
                yield m.start("year"), m.end("year"), m["year"]


def _word_before_year(text: str, pattern: re.Pattern, years: list[int], length: int) -> Iterator[re.Match]:
    """What `pattern.finditer` finds, for a pattern that is a word of `length` letters, white space
    and a year (`YEAR`), and so starts at a place known from each year: `finditer` tried the
    pattern at every character.  Two matches cannot overlap (a match holds one word, and it comes
    first), so the matches tried one by one are the ones `finditer` gives, in the same order."""
    for year in years:
        start = year
        while start and text[start - 1].isspace():
            start -= 1
        if start < year and start >= length:
            m = pattern.match(text, start - length)
            if m:
                yield m


# Most specific first: a later rule never takes text an earlier one matched.
RULES: tuple[tuple[str, Callable[[RuleContext], Iterator[Found]], bool], ...] = (
    ("cjk full date", _cjk_full, False),
    ("cjk month and day", _cjk_month_day, False),
    ("cjk year and month", _cjk_year_month, False),
    ("cjk day of month", _cjk_day, False),
    ("cjk year", _cjk_year, False),
    ("iso and year-first numeric", _iso_dates, False),
    ("day-month-year numeric", _numeric, False),
    ("vietnamese", _vietnamese, False),
    ("solar hijri", _solar_hijri, False),
    ("month name dates", _word_dates, False),
    ("month and year", _month_year, False),
    ("year label", _year_label, False),
    ("weekdays", _weekdays, False),
    ("relative days", _relative, False),
    ("taken in a year", _years, False),
    ("year of the scene or event", _weak_years, True),
)


LATIN_RULES = tuple(r for r in RULES if not r[0].startswith("cjk"))  # a text without CJK needs no CJK rule
