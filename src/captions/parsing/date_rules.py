"""Every date a text mentions, by an ordered list of rules, most specific first.

A rule cannot claim text an earlier rule took.  Each rule runs only where the words or marks it
needs were seen (`calendar_words`, a digit, a year), and reads only the stretch that can hold its
matches; which mention is the photo's is decided in `dates`.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import vocab
from .calendar_words import CalendarWords, calendar_words
from .date_patterns import (
    CJK,
    DAY_SEP,
    DAY_SLASH,
    DIGIT,
    EXCLUDING_WORD,
    IN_YEAR,
    LAST_STOP,
    NAME_AFTER,
    OTHER_DATE,
    PATTERNS,
    RELATIVE_WORD,
    RELEASE_WORD,
    SPACES,
    STOP,
    YEAR,
    YEAR_DOT,
    YEAR_FIRST,
    date_word_filter,
    english_month_names,
    relative_offsets,
    relative_re,
    release_words,
    solar_hijri_months,
    weekday_value,
    word_patterns,
    year_of,
)
from .date_values import iso, resolve_day, resolve_month, resolve_month_day, resolve_weekday, shift, solar_hijri_to_iso


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO date, "YYYY-MM" or "YYYY"; None when it cannot be resolved
    released: bool = False
    sentence: int = 0
    weak: bool = False  # a bare year from context ("in 1989", "the 2022 ... Conference")


@dataclass
class _Context:
    text: str
    page_date: dt.date | None
    language: str | None = None
    calendar: CalendarWords = CalendarWords(True, None)
    month_region: tuple[int, int] | None = None  # _month_region, read by two rules
    numbered_region: tuple[int, int] | None = None  # _numbered_month_region
    words: frozenset[int] = frozenset()  # date_word_filter's candidates: the kinds of word the text may hold
    cjk: bool = True
    _years: list[int] | None = None

    def years(self) -> list[int]:
        """Where the text's years (YEAR) start: the year rules are placed from them."""
        if self._years is None:
            self._years = [m.start() for m in YEAR.finditer(self.text)]
        return self._years

    def lang(self) -> str:
        if self.language is None:
            from .language import detect_language

            self.language = detect_language(self.text)
        return self.language


Found = tuple[int, int, str | None]  # start, end, value


def _cjk_full(ctx: _Context) -> Iterator[Found]:
    for m in PATTERNS["cjk_ymd"].finditer(ctx.text):
        year, month = year_of(m), int(m["m"])
        yield m.start(), m.end(), iso(year, month, int(m["day"]))
        same = PATTERNS["cjk_same_month"].match(ctx.text, _skip_to(ctx.text, m.end(), "同", 12))
        if same:  # "2017年5月18日撮影、同19日公開": the same month
            yield same.start(), same.end(), iso(year, month, int(same["day"]))


def _skip_to(text: str, start: int, char: str, within: int) -> int:
    i = text.find(char, start, start + within)
    return i if i >= 0 else start


def _cjk_month_day(ctx: _Context) -> Iterator[Found]:
    for m in PATTERNS["cjk_md"].finditer(ctx.text):
        yield m.start(), m.end(), resolve_month_day(int(m["m"]), int(m["day"]), ctx.page_date)


def _cjk_year_month(ctx: _Context) -> Iterator[Found]:
    for m in PATTERNS["cjk_ym"].finditer(ctx.text):
        yield m.start(), m.end(), f"{year_of(m):04d}-{int(m['m']):02d}" if 1 <= int(m["m"]) <= 12 else None


def _cjk_day(ctx: _Context) -> Iterator[Found]:
    for m in PATTERNS["cjk_day"].finditer(ctx.text):
        yield m.start(), m.end(), resolve_day(int(m["day"]), ctx.page_date)


def _cjk_year(ctx: _Context) -> Iterator[Found]:
    for m in PATTERNS["cjk_year"].finditer(ctx.text):
        yield m.start(), m.end(), str(year_of(m))


def _iso_dates(ctx: _Context) -> Iterator[Found]:
    if not YEAR_FIRST.search(ctx.text):
        return
    for key in ("iso", "ymd_numeric"):
        for m in PATTERNS[key].finditer(ctx.text):
            year, month, day = int(m["year"]), int(m["m"]), int(m["day"])
            # "۱۴۰۲/۱۲/۱۵": a year in the 1300s or 1400s is of the Solar Hijri calendar
            value = solar_hijri_to_iso(year, month, day) if 1300 <= year < 1500 else iso(year, month, day)
            yield m.start(), m.end(), value


def _solar_hijri(ctx: _Context) -> Iterator[Found]:
    if not ctx.calendar.solar_hijri:
        return
    months = solar_hijri_months()
    for m in PATTERNS["solar_hijri"].finditer(ctx.text):
        month = months.get(m["month"])
        if month and 1300 <= int(m["year"]) < 1500:
            yield m.start(), m.end(), solar_hijri_to_iso(int(m["year"]), month, int(m["day"]))


def _numeric(ctx: _Context) -> Iterator[Found]:
    if not DAY_SEP.search(ctx.text):
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


def _vietnamese(ctx: _Context) -> Iterator[Found]:
    # each form needs its own word or mark: "ngày" (any case: lower-casing keeps it whole), "27/2"
    vi = "ngày" in ctx.text.lower()
    for m in PATTERNS["vi"].finditer(ctx.text) if vi else ():
        month, day = int(m["m"]), int(m["day"])
        value = iso(int(m["year"]), month, day) if m["year"] else resolve_month_day(month, day, ctx.page_date)
        yield m.start(), m.end(), value
    for m in word_patterns()["vi_day_month"].finditer(ctx.text) if DAY_SLASH.search(ctx.text) else ():
        yield m.start("day"), m.end(), resolve_month_day(int(m["m"]), int(m["day"]), ctx.page_date)


def _word_dates(ctx: _Context) -> Iterator[Found]:
    if not ctx.calendar.month:
        return
    months = vocab.months()
    text = ctx.text
    start, end = _numbered_month_region(ctx)
    for key in ("ymd_words", "mdy", "dmy") if start < end else ():
        if key == "ymd_words" and not YEAR_DOT.search(text, start, end):
            continue  # "2024. március 5.": the rarest form, and the only one with a year and a full stop
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


def _month_region(ctx: _Context) -> tuple[int, int]:
    """Where the month rules need to look: around the month names the automaton saw, out to the
    nearest character no date of theirs can hold ("(", ";", a quote), so that no match is cut and
    the scan starts where a scan of the whole text would be between matches."""
    text, span = ctx.text, ctx.calendar.months_span
    if span is None:
        return 0, len(text)
    before = LAST_STOP.match(text, 0, span[0])
    after = STOP.search(text, span[1])
    return (before.end() if before else 0), (after.end() if after else len(text))


def _numbered_month_region(ctx: _Context) -> tuple[int, int]:
    """The month region (`_month_region`), less what lies before the first digit's two words.
    Every match of the rules with a number ("mdy", "dmy", "ymd_words", "my"), month or not, holds
    a digit, and before its first digit at most two words (a weekday and a month, a month and
    "de") with spaces, commas and full stops between: no match starts before those two words of
    the text's first digit, so a scan from there finds what a scan from the region's start does.
    Without the automaton's months the whole text is read, as the property tests compare."""
    if ctx.numbered_region is None:
        ctx.month_region = start, end = _month_region(ctx)
        digit = DIGIT.search(ctx.text, start, end)
        if ctx.calendar.months_span is None:
            ctx.numbered_region = start, end
        elif digit is None:
            ctx.numbered_region = end, end
        else:  # the two words are read from the right, on the reversed text
            words = _TWO_WORDS_REVERSED.match(ctx.text[start : digit.start()][::-1])
            ctx.numbered_region = digit.start() - (words.end() if words else 0), end
    return ctx.numbered_region


_TWO_WORDS_REVERSED = re.compile(r"(?:[\s,.]*+(?:[^\W\d_]|-)*+){2}")


def _month_year(ctx: _Context) -> Iterator[Found]:
    if not ctx.calendar.month:  # "in April" names a month too
        return
    months = vocab.months()
    start, end = _numbered_month_region(ctx)
    for m in PATTERNS["my"].finditer(ctx.text, start, end) if start < end else ():
        month = months.get(m["month"].casefold())
        if month:
            yield m.start(), m.end(), f"{int(m['year']):04d}-{month:02d}"
    start, end = ctx.month_region or _month_region(ctx)
    if ctx.calendar.months_span is not None:
        start = max(start, _in_before(ctx.text, ctx.calendar.months_span[0]))
    english = english_month_names()
    for m in PATTERNS["in_month"].finditer(ctx.text, start, end):
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


def _year_label(ctx: _Context) -> Iterator[Found]:
    m = PATTERNS["year_label"].match(ctx.text)
    if m:
        yield m.start("year"), m.end("year"), m["year"]


def _weekdays(ctx: _Context) -> Iterator[Found]:
    chunks = ctx.calendar.weekday_chunks
    for start, end in ((0, len(ctx.text)),) if chunks is None else chunks:
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


def _relative(ctx: _Context) -> Iterator[Found]:
    if RELATIVE_WORD not in ctx.words:
        return
    offsets = relative_offsets()
    for m in relative_re().finditer(ctx.text):
        offset = offsets.get(SPACES.sub(" ", m["rel"].casefold()))
        if offset is not None:
            yield m.start(), m.end(), shift(ctx.page_date, -offset)


def _years(ctx: _Context) -> Iterator[Found]:
    # the long alternation of verbs runs only before "in 1989"
    if next(_word_before_year(ctx.text, IN_YEAR, ctx.years(), 2), None) is None:
        return
    for m in word_patterns()["year_taken"].finditer(ctx.text):
        yield m.start("year"), m.end("year"), m["year"]


def _weak_years(ctx: _Context) -> Iterator[Found]:
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
_RULES: tuple[tuple[str, Callable[[_Context], Iterator[Found]], bool], ...] = (
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


_LATIN_RULES = tuple(r for r in _RULES if not r[0].startswith("cjk"))  # a text without CJK needs no CJK rule


class _Claimed:
    """Spans already taken by a rule: sorted, non-overlapping, checked with a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        if i and self.ends[i - 1] > start:
            return False
        return i == len(self.starts) or self.starts[i] >= end

    def claim(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def date_mentions(text: str, page_date: dt.date | None, language: str | None = None) -> list[DateMention]:
    words = frozenset(date_word_filter().candidates(text))
    cjk = bool(CJK.search(text))
    ctx = _Context(text, page_date, language, calendar_words(text), words=words, cjk=cjk)
    claimed = _Claimed()
    found: list[DateMention] = []
    excluded = word_patterns()["excluded_before"]
    verbs = RELEASE_WORD in words  # a release verb may stand before a date
    excluding = EXCLUDING_WORD in words
    for _, rule, weak in _RULES if cjk else _LATIN_RULES:
        for start, end, value in rule(ctx):
            if not claimed.free(start, end):
                continue
            claimed.claim(start, end)
            if (excluding and excluded.search(text, max(0, start - 16), start)) or _is_aside(text, start, end):
                continue
            released = _is_release(text, start, end, verbs)
            found.append(DateMention(start, end, text[start:end], value, released, weak=weak))
    found.sort(key=lambda d: d.start)
    return _merge_adjacent(found)


def _is_aside(text: str, start: int, end: int) -> bool:
    """A date in brackets glued to a word dates that thing, not the photo: "핵실험(12일)" (the test
    of the 12th).  "(in Seoul, 3日)" or "yesterday (March 13)" are the caption's own dateline."""
    return start >= 2 and text[start - 1] in "(（" and text[start - 2].isalpha() and text[end : end + 1] in ")）"


def _merge_adjacent(found: list[DateMention]) -> list[DateMention]:
    """ "yesterday (Feb. 25)": one day written twice is one mention."""
    out: list[DateMention] = []
    for m in found:
        if out and out[-1].value == m.value and m.start - out[-1].end <= 3:
            prev = out.pop()
            m = DateMention(
                prev.start,
                m.end,
                prev.text + " " + m.text,
                m.value,
                prev.released or m.released,
                weak=prev.weak and m.weak,
            )
        out.append(m)
    return out


def _is_release(text: str, start: int, end: int, verbs: bool = True) -> bool:
    """Does a release verb come before the date in its sentence, or one after it?  `verbs`: False
    when the text holds none of the verbs, so none comes before."""
    if verbs and _release_verb_before(text, start):
        return True
    # "同19日公開", "21일 이 사진을 전송": the verb follows the date
    return word_patterns()["release_after"].match(text, end, end + 16) is not None


def _release_verb_before(text: str, start: int) -> bool:
    """A release verb among the dozen words before the date in its sentence, and no other date
    between them ("taken March 20 and released ... March 21": the verb is the other date's)."""
    before = text[max(0, start - 160) : start]
    sentence_start = max(before.rfind(". "), before.rfind("; "))
    before = before[sentence_start + 1 :]
    window = " ".join(before.split()[-12:])
    m = None
    if release_words().candidates(window):  # most windows hold no release verb
        for m in word_patterns()["release"].finditer(window):  # noqa: B007 - the last release verb is wanted
            pass
    return m is not None and not OTHER_DATE.search(window[m.end() :])
