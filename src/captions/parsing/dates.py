"""When was the photo taken, and when was it released?

A caption's dateline is in its first sentence ("... in Singapore June 12, 2018."); later
sentences carry dates of other events and only count when they say the picture was taken then.
A date right after "released by ... / provided on / uploaded" is the release date; a caption
that only has a release date ("this undated photo released on ...") gets it as both.
Dates without a year ("Feb. 25", "on Thursday", "yesterday", "3日", "17일") are resolved against
the page's date: the most recent such day on or before it.  Without a page date they stay unknown.

Dates are found by an ordered list of rules, most specific first ("2024年3月5日" before "5日",
"March 5, 2024" before "Tuesday"); a rule cannot claim text an earlier rule took.  Every word
list (months, weekdays, release and taken verbs, "since"/"until", "yesterday") is data.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import vocab
from .calendar_words import CalendarWords, calendar_words
from .caseless import Caseless
from .literal_filter import LiteralFilter
from .split import split_sentences


@cache
def _date_words(kind: str) -> tuple[str, ...]:
    """Words of one kind from date_words.csv, longest first so that an alternation prefers them."""
    return tuple(
        sorted({r["word"].casefold() for r in vocab.rows("date_words.csv") if r["kind"] == kind}, key=len, reverse=True)
    )


def _alternation(kind: str) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _date_words(kind)) or "(?!)"


@cache
def _relative_offsets() -> dict[str, int]:
    return {r["word"].casefold(): int(r["offset"]) for r in vocab.rows("date_words.csv") if r["kind"] == "relative"}


@cache
def _eras() -> dict[str, int]:
    return {r["era"]: int(r["first_year"]) for r in vocab.rows("eras.csv")}


_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def _cjk_or_words(words: tuple[str, ...]) -> str:
    """CJK words have no word boundary around them ("昨日" inside a sentence); others need one."""
    cjk = [re.escape(w) for w in words if _CJK.search(w)]
    latin = [re.escape(w).replace(r"\ ", r"\s+") for w in words if not _CJK.search(w)]
    parts = [rf"\b(?:{'|'.join(latin)})\b"] if latin else []
    if cjk:
        parts.append(f"(?:{'|'.join(cjk)})")
    return "|".join(parts) or "(?!)"


@cache
def _word_patterns() -> dict[str, re.Pattern]:
    """Patterns built from date_words.csv: release and taken verbs, "until"/"since", photo markers."""
    return {
        "release": re.compile(rf"\b(?:{_alternation('release')})\b", re.IGNORECASE),
        "taken": re.compile(_cjk_or_words(_date_words("taken")), re.IGNORECASE),
        "release_after": re.compile(rf"[^.,;。、，!?()（）\d]{{0,10}}?(?:{_alternation('release_after')})"),
        "excluded_before": re.compile(rf"\b(?:{_alternation('excluded_before')})\s*$", re.IGNORECASE),
        "photo_marker": re.compile(_alternation("photo_marker")),
        # "trưa 27/2", "ngày 5/3": a Vietnamese day word before a day/month without its year
        "vi_day_month": re.compile(
            rf"\b(?i:{_alternation('day_word')})\s+(?P<day>\d{{1,2}})/(?P<m>\d{{1,2}})\b(?![/.]\d)"
        ),
        "year_taken": re.compile(rf"\b(?:{_alternation('taken')})\s+in\s+(?P<year>{_YEAR_WORD})\b", re.IGNORECASE),
        # "built in 1920.", "since 1989." are other events
        "year_of_other": re.compile(rf"\b(?:{_alternation('year_of_other')})\s+$", re.IGNORECASE),
    }


@cache
def _release_words() -> LiteralFilter:
    return LiteralFilter([_word_patterns()["release"].pattern], re.IGNORECASE)


@cache
def _english_month_names() -> dict[str, int]:
    """Full English month names ("May", "September", not "Sept"): a name that starts another
    name of the same month is its abbreviation."""
    rows = [(r["name"], int(r["month"])) for r in vocab.rows("months.csv") if r["lang"] == "en"]
    return {
        name: month
        for name, month in rows
        if not any(other != name and other.startswith(name) and m == month for other, m in rows)
    }


# The quoted passages of a caption are somebody's words, not its dateline.  Each form stops at its
# own opening mark too, so a run of unclosed openers is read once, not once per opener.
_QUOTED = re.compile(r"''(?:[^']|'(?!'))*+''|\"[^\"]*+\"|“[^“”]*+”|«[^«»]*+»|„[^„“”]*+[“”]")


# What the rules below need at the least, looked for first: most captions lack some of them.
_IN_YEAR = re.compile(r"(?i:in)\s+(?:18|19|20)\d\d")
_YEAR = re.compile(r"(?:18|19|20)\d\d")
_YEAR_FIRST = re.compile(r"\d{4}[-./]\d")
_DAY_SEP = re.compile(r"\d[./]\d")
_DAY_SLASH = re.compile(r"\d/\d")
# a character no date of the month rules holds: those rules read letters, digits, spaces, "-,."
_STOP = re.compile(r"[^\w\s\-,.]")
_LAST_STOP = re.compile(r"(?s:.*)[^\w\s\-,.]")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_SPACES = re.compile(r"\s+")
_OTHER_DATE = re.compile(r"\d{4}|\b\d{1,2},")
_WORDS = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO date, "YYYY-MM" or "YYYY"; None when it cannot be resolved
    released: bool = False
    sentence: int = 0
    weak: bool = False  # a bare year from context ("in 1989", "the 2022 ... Conference")


@dataclass(frozen=True)
class PhotoDates:
    date: str | None
    date_released: str | None
    mentions: tuple[DateMention, ...] = ()


# A month or weekday is matched as any run of letters and then looked up in the vocabulary: an
# alternation of every month and weekday name in many languages, tried case-insensitively at every
# word, cost several times more than the rest of the date finder together.
_WORD = r"[^\W\d_]++"  # possessive: a word is never given back letter by letter
_WEEKDAY = rf"(?P<weekday>{_WORD}(?:-{_WORD})?)"  # "Saturday", "segunda-feira"
_MONTH = rf"(?P<month>{_WORD})\.?"
_DAY_SUFFIX = r"(?i:st|nd|rd|th)?"
_ERA_YEAR = r"(?:(?P<era>令和|平成|昭和|大正)(?P<eyear>\d{1,2}|元)|(?P<year>\d{4}))\s*[年년]"
_YEAR_WORD = r"(?:18|19|20)\d\d"
_P = {
    # "2024年3月5日", "令和6年3月5日", "2024년 3월 5일"
    "cjk_ymd": re.compile(rf"{_ERA_YEAR}\s*(?P<m>\d{{1,2}})\s*[月월]\s*(?P<day>\d{{1,2}})\s*[日일]"),
    "cjk_same_month": re.compile(r"同(?P<day>\d{1,2})日"),
    # "3月5日", "3월 5일"
    "cjk_md": re.compile(r"(?<![\d年년])(?P<m>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"),
    # "2024年3月", "2024년 3월"
    "cjk_ym": re.compile(rf"{_ERA_YEAR}\s*(?P<m>\d{{1,2}})\s*[月월](?!\s*\d)"),
    # "5日", "17일", "16~18日" (a span of days: its first), not "3日間"/"3일간" (three days long)
    "cjk_day": re.compile(
        r"(?<![\d年년月월.:/\-])(?P<day>\d{1,2})(?:\s*[~〜～\-－–]\s*\d{1,2})?\s*[日일]"
        r"(?!\s*(?:간|間|동안|연속|째|目|ぶり|以上))"
    ),
    # "1978년", "2024年" (not "2024年度", the fiscal year, nor "1980년대", a decade)
    "cjk_year": re.compile(rf"{_ERA_YEAR}(?!\s*\d{{1,2}}\s*[月월]|度|대|代)"),
    "iso": re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})\b"),
    # "2020/06/15", "2020.4.10"
    "ymd_numeric": re.compile(r"\b(?P<year>\d{4})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<day>\d{1,2})\b(?!\.\d)"),
    # "01.11.2023" (day first), "3/5/2024" (US order in English, day first elsewhere)
    "numeric": re.compile(r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})\b(?![./]\d)"),
    # "ngày 5 tháng 3 năm 2024", "ngày 5 tháng 3"
    "vi": re.compile(
        r"\b(?i:ngày)\s+(?P<day>\d{1,2})\s+(?i:tháng)\s+(?P<m>\d{1,2})(?:\s*(?:(?i:năm)\s+|,\s*)(?P<year>\d{4}))?"
    ),
    "vi_day": re.compile(r"\b(?i:ngày)\s+$"),
    # "۱۵ اسفند ۱۴۰۲" (Solar Hijri, Iran and Afghanistan: day, month, year of the Hijri solar era)
    "solar_hijri": re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?:ماه\s+)?(?P<year>\d{{4}})\b"),
    # "2024. március 5." (Hungarian: year first, dotted)
    "ymd_words": re.compile(rf"\b(?P<year>\d{{4}})\.\s+{_MONTH}\s+(?P<day>\d{{1,2}})\b"),
    # "Saturday, Feb. 23, 2019", "March 7, 2013", "Jan. 18", "FEBRUARY 27"
    "mdy": re.compile(
        rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}}){_DAY_SUFFIX}\b"
        rf"(?!\s*(?i:km|kilo|mile|percent|%))(?:,?\s+(?P<year>\d{{4}})\b)?"
    ),
    # "08 September 2021", "4. November 2017", "le 22 décembre 2022", "5 de marzo de 2024", "5 марта 2024 года"
    "dmy": re.compile(
        rf"\b(?:{_WEEKDAY},?\s+)?(?P<day>\d{{1,2}})\.?\s+(?:(?i:de)\s+)?{_MONTH}"
        rf"(?:\s+(?:(?i:de)\s+)?(?P<year>\d{{4}})\b)?"
    ),
    # "March 2009", "März 2024", "marzo de 2024", "late July, 2020"
    "my": re.compile(rf"\b{_MONTH},?\s+(?:(?i:de)\s+)?(?P<year>\d{{4}})\b"),
    # "in April" (English, capitalised; the name is looked up)
    "in_month": re.compile(r"\bin\s+(?P<month>[A-Z][a-z]+)\b(?!\s+\d)"),
    # "2020: Putin ..." (a year set before the caption as its label)
    "year_label": re.compile(rf"\A\s*(?P<year>{_YEAR_WORD}):\s"),
    "weekday": re.compile(rf"\b{_WEEKDAY}(?:'s)?\b"),
    "cjk_weekday": re.compile(r"(?:星期|周)[一二三四五六日天]|[月火水木金土日]曜日|[월화수목금토일]요일"),
    # "... in Czechoslovakia in 1989." — a year closing the sentence is when the scene was
    "year_closing": re.compile(rf"\b(?i:in)\s+(?P<year>{_YEAR_WORD})\b(?=\s*(?:[.;)(]|$))"),
    # "the 2022 Apple Worldwide Developers Conference", "the 1987 Lakeview High School yearbook"
    "year_event": re.compile(rf"\b(?i:the)\s+(?P<year>{_YEAR_WORD})\s+(?=[A-Z])"),
}


@cache
def _relative_re() -> Caseless:
    """Caseless: most captions have none of these words, and that answer comes four times faster."""
    return Caseless(f"(?P<rel>{_cjk_or_words(tuple(sorted(_relative_offsets(), key=len, reverse=True)))})")


@cache
def _relative_words() -> LiteralFilter:
    return LiteralFilter([_relative_re().pattern.pattern], re.IGNORECASE)


@cache
def _day_part_re() -> re.Pattern:
    """German, Dutch and Nordic weekdays take the part of the day into the word: "Samstagabend",
    "zondagmiddag", "lördagskväll"."""
    return re.compile(rf"(?P<day>.+?)s?(?:{_alternation('day_part')})", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _weekday_value(word: str) -> int | None:
    weekdays = vocab.weekdays()
    folded = word.casefold()
    if folded in weekdays:
        return weekdays[folded]
    m = _day_part_re().fullmatch(folded)
    return weekdays.get(m["day"]) if m else None


# --- resolving -------------------------------------------------------------------------------


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _resolve_month_day(month: int, day: int, page_date: dt.date | None) -> str | None:
    if page_date is None:
        return None
    for year in (page_date.year, page_date.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= page_date:
            return candidate.isoformat()
    return None


def _resolve_day(day: int, page_date: dt.date | None) -> str | None:
    """ "3日": the most recent 3rd of a month on or before the page date."""
    if page_date is None or not 1 <= day <= 31:
        return None
    year, month = page_date.year, page_date.month
    for _ in range(3):
        candidate = _iso(year, month, day)
        if candidate and candidate <= page_date.isoformat():
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _resolve_month(month: int, page_date: dt.date | None) -> str | None:
    if page_date is None:
        return None
    year = page_date.year if month <= page_date.month else page_date.year - 1
    return f"{year:04d}-{month:02d}" if year >= 1 else None


def _resolve_weekday(weekday: int, page_date: dt.date | None) -> str | None:
    if page_date is None:
        return None
    return _shift(page_date, (page_date.weekday() - weekday) % 7)


def _shift(page_date: dt.date | None, days_back: int) -> str | None:
    """The day `days_back` days before the page date; None off the calendar's ends."""
    if page_date is None:
        return None
    try:
        return (page_date - dt.timedelta(days=days_back)).isoformat()
    except OverflowError:
        return None


def _solar_hijri_to_iso(year: int, month: int, day: int) -> str | None:
    """A Solar Hijri (Jalali) date as ISO, by the usual day count over the 33-year leap cycle
    and the Gregorian 400/100/4-year cycles.  An impossible day ("31 Mehr") is no date."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return None
    jy = year + 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + (jy % 33 + 3) // 4 + day
    days += (month - 1) * 31 if month < 7 else (month - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    try:
        return (dt.date(gy, 1, 1) + dt.timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None


@cache
def _solar_hijri_months() -> dict[str, int]:
    return {r["name"]: int(r["month"]) for r in vocab.rows("solar_hijri_months.csv")}


def _year_of(m: re.Match) -> int:
    if m["era"]:
        return _eras()[m["era"]] - 1 + (1 if m["eyear"] == "元" else int(m["eyear"]))
    return int(m["year"])


# --- rules -----------------------------------------------------------------------------------


@dataclass
class _Context:
    text: str
    page_date: dt.date | None
    language: str | None = None
    calendar: CalendarWords = CalendarWords(True, None)
    month_region: tuple[int, int] | None = None  # _month_region, read by two rules
    numbered_region: tuple[int, int] | None = None  # _numbered_month_region

    def lang(self) -> str:
        if self.language is None:
            from .language import detect_language

            self.language = detect_language(self.text)
        return self.language


Found = tuple[int, int, str | None]  # start, end, value


def _cjk_full(ctx: _Context) -> Iterator[Found]:
    for m in _P["cjk_ymd"].finditer(ctx.text):
        year, month = _year_of(m), int(m["m"])
        yield m.start(), m.end(), _iso(year, month, int(m["day"]))
        same = _P["cjk_same_month"].match(ctx.text, _skip_to(ctx.text, m.end(), "同", 12))
        if same:  # "2017年5月18日撮影、同19日公開": the same month
            yield same.start(), same.end(), _iso(year, month, int(same["day"]))


def _skip_to(text: str, start: int, char: str, within: int) -> int:
    i = text.find(char, start, start + within)
    return i if i >= 0 else start


def _cjk_month_day(ctx: _Context) -> Iterator[Found]:
    for m in _P["cjk_md"].finditer(ctx.text):
        yield m.start(), m.end(), _resolve_month_day(int(m["m"]), int(m["day"]), ctx.page_date)


def _cjk_year_month(ctx: _Context) -> Iterator[Found]:
    for m in _P["cjk_ym"].finditer(ctx.text):
        yield m.start(), m.end(), f"{_year_of(m):04d}-{int(m['m']):02d}" if 1 <= int(m["m"]) <= 12 else None


def _cjk_day(ctx: _Context) -> Iterator[Found]:
    for m in _P["cjk_day"].finditer(ctx.text):
        yield m.start(), m.end(), _resolve_day(int(m["day"]), ctx.page_date)


def _cjk_year(ctx: _Context) -> Iterator[Found]:
    for m in _P["cjk_year"].finditer(ctx.text):
        yield m.start(), m.end(), str(_year_of(m))


def _iso_dates(ctx: _Context) -> Iterator[Found]:
    if not _YEAR_FIRST.search(ctx.text):
        return
    for key in ("iso", "ymd_numeric"):
        for m in _P[key].finditer(ctx.text):
            year, month, day = int(m["year"]), int(m["m"]), int(m["day"])
            # "۱۴۰۲/۱۲/۱۵": a year in the 1300s or 1400s is of the Solar Hijri calendar
            value = _solar_hijri_to_iso(year, month, day) if 1300 <= year < 1500 else _iso(year, month, day)
            yield m.start(), m.end(), value


def _solar_hijri(ctx: _Context) -> Iterator[Found]:
    if not ctx.calendar.solar_hijri:
        return
    months = _solar_hijri_months()
    for m in _P["solar_hijri"].finditer(ctx.text):
        month = months.get(m["month"])
        if month and 1300 <= int(m["year"]) < 1500:
            yield m.start(), m.end(), _solar_hijri_to_iso(int(m["year"]), month, int(m["day"]))


def _numeric(ctx: _Context) -> Iterator[Found]:
    if not _DAY_SEP.search(ctx.text):
        return
    for m in _P["numeric"].finditer(ctx.text):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        # "ngày 5/3/2024": Vietnamese names the day first, whatever the language guess says
        us = (
            m["sep"] == "/"
            and not _P["vi_day"].search(ctx.text, max(0, m.start() - 8), m.start())
            and ctx.lang() == "en"
        )
        month, day = (a, b) if us else (b, a)
        if month > 12 and day <= 12:  # "25/12/2024" read as US order cannot be: swap
            month, day = day, month
        yield m.start(), m.end(), _iso(year, month, day)


def _vietnamese(ctx: _Context) -> Iterator[Found]:
    # each form needs its own word or mark: "ngày" (any case: lower-casing keeps it whole), "27/2"
    vi = "ngày" in ctx.text.lower()
    for m in _P["vi"].finditer(ctx.text) if vi else ():
        month, day = int(m["m"]), int(m["day"])
        value = _iso(int(m["year"]), month, day) if m["year"] else _resolve_month_day(month, day, ctx.page_date)
        yield m.start(), m.end(), value
    for m in _word_patterns()["vi_day_month"].finditer(ctx.text) if _DAY_SLASH.search(ctx.text) else ():
        yield m.start("day"), m.end(), _resolve_month_day(int(m["m"]), int(m["day"]), ctx.page_date)


def _word_dates(ctx: _Context) -> Iterator[Found]:
    if not ctx.calendar.month:
        return
    months = vocab.months()
    text = ctx.text
    start, end = _numbered_month_region(ctx)
    for key in ("ymd_words", "mdy", "dmy") if start < end else ():
        for m in _P[key].finditer(text, start, end):
            month = months.get(m["month"].casefold())
            if month is None or (m["month"] == "may" and not m["year"]):
                continue
            if key == "mdy" and not m["year"] and _NAME_AFTER.match(text, m.end(), m.end() + 3):
                continue  # a name, not a date: "the May 9 Catfish Farm"
            # a word before the date that is not a weekday is not part of it
            weekday = key != "ymd_words" and m["weekday"] and _weekday_value(m["weekday"]) is not None
            start = m.start() if weekday or key == "ymd_words" else m.start("month" if key == "mdy" else "day")
            day = int(m["day"])
            value = _iso(int(m["year"]), month, day) if m["year"] else _resolve_month_day(month, day, ctx.page_date)
            yield start, m.end(), value


def _month_region(ctx: _Context) -> tuple[int, int]:
    """Where the month rules need to look: around the month names the automaton saw, out to the
    nearest character no date of theirs can hold ("(", ";", a quote), so that no match is cut and
    the scan starts where a scan of the whole text would be between matches."""
    text, span = ctx.text, ctx.calendar.months_span
    if span is None:
        return 0, len(text)
    before = _LAST_STOP.match(text, 0, span[0])
    after = _STOP.search(text, span[1])
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
        digit = _DIGIT.search(ctx.text, start, end)
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
    for m in _P["my"].finditer(ctx.text, start, end) if start < end else ():
        month = months.get(m["month"].casefold())
        if month:
            yield m.start(), m.end(), f"{int(m['year']):04d}-{month:02d}"
    start, end = ctx.month_region or _month_region(ctx)
    english = _english_month_names()
    for m in _P["in_month"].finditer(ctx.text, start, end):
        month = english.get(m["month"].casefold())
        if month:
            yield m.start("month"), m.end("month"), _resolve_month(month, ctx.page_date)


def _year_label(ctx: _Context) -> Iterator[Found]:
    m = _P["year_label"].match(ctx.text)
    if m:
        yield m.start("year"), m.end("year"), m["year"]


def _weekdays(ctx: _Context) -> Iterator[Found]:
    chunks = ctx.calendar.weekday_chunks
    for start, end in ((0, len(ctx.text)),) if chunks is None else chunks:
        for m in _P["weekday"].finditer(ctx.text, start, end):
            weekday = _weekday_value(m["weekday"])
            if weekday is not None:
                yield m.start("weekday"), m.end(), _resolve_weekday(weekday, ctx.page_date)
    if _CJK.search(ctx.text):
        weekdays = vocab.weekdays()
        for m in _P["cjk_weekday"].finditer(ctx.text):
            weekday = weekdays.get(m.group(0)) if m.group(0) in weekdays else weekdays.get(m.group(0) + "日")
            if weekday is not None:
                yield m.start(), m.end(), _resolve_weekday(weekday, ctx.page_date)


def _relative(ctx: _Context) -> Iterator[Found]:
    if not _relative_words().candidates(ctx.text):
        return
    offsets = _relative_offsets()
    for m in _relative_re().finditer(ctx.text):
        offset = offsets.get(_SPACES.sub(" ", m["rel"].casefold()))
        if offset is not None:
            yield m.start(), m.end(), _shift(ctx.page_date, -offset)


def _years(ctx: _Context) -> Iterator[Found]:
    if not _IN_YEAR.search(ctx.text):  # the long alternation of verbs runs only before "in 1989"
        return
    for m in _word_patterns()["year_taken"].finditer(ctx.text):
        yield m.start("year"), m.end("year"), m["year"]


def _weak_years(ctx: _Context) -> Iterator[Found]:
    years = [m.start() for m in _YEAR.finditer(ctx.text)]
    for key, word in (("year_closing", "in"), ("year_event", "the")):
        for m in _word_before_year(ctx.text, _P[key], years, len(word)):
            if not _word_patterns()["year_of_other"].search(ctx.text, max(0, m.start() - 16), m.start()):
                yield m.start("year"), m.end("year"), m["year"]


def _word_before_year(text: str, pattern: re.Pattern, years: list[int], length: int) -> Iterator[re.Match]:
    """What `pattern.finditer` finds, for a pattern that is a word of `length` letters, white space
    and a year (`_YEAR`), and so starts at a place known from each year: `finditer` tried the
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


def _mentions(text: str, page_date: dt.date | None, language: str | None = None) -> list[DateMention]:
    ctx = _Context(text, page_date, language, calendar_words(text))
    claimed = _Claimed()
    found: list[DateMention] = []
    excluded = _word_patterns()["excluded_before"]
    cjk = bool(_CJK.search(text))
    verbs = bool(_release_words().candidates(text))  # a release verb may stand before a date
    for _, rule, weak in _RULES if cjk else _LATIN_RULES:
        for start, end, value in rule(ctx):
            if not claimed.free(start, end):
                continue
            claimed.claim(start, end)
            if excluded.search(text, max(0, start - 16), start) or _is_aside(text, start, end):
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
    before = text[max(0, start - 160) : start]
    sentence_start = max(before.rfind(". "), before.rfind("; "))
    before = before[sentence_start + 1 :]
    window = " ".join(before.split()[-12:])
    m = None
    if verbs and _release_words().candidates(window):  # most windows hold no release verb
        for m in _word_patterns()["release"].finditer(window):  # noqa: B007 - the last release verb is wanted
            pass
    if m is not None:
        between = window[m.end() :]
        # another date between the verb and this one takes the verb ("taken March 20 and released ... March 21")
        if not _OTHER_DATE.search(between):
            return True
    # "同19日公開", "21일 이 사진을 전송": the verb follows the date
    return _word_patterns()["release_after"].match(text, end, end + 16) is not None


# --- which mentions are the photo's ----------------------------------------------------------


def find_photo_dates(description: str, page_date: dt.date | None = None, language: str | None = None) -> PhotoDates:
    """The photo's date and release date, from a caption's description."""
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), description)
    sentences = _sentence_spans(masked)
    starts = [s for s, _ in sentences]
    mentions = [_with_sentence(m, starts) for m in _mentions(masked, page_date, language)]
    if not mentions:
        return PhotoDates(None, None, ())
    by_sentence: dict[int, list[DateMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    in_scope = _photo_sentence(masked, sentences, by_sentence)
    released = [m for m in in_scope if m.released]
    others = [m for m in in_scope if not m.released and not m.weak] or [m for m in in_scope if not m.released]
    date_released = released[-1].value if released else None
    date = others[-1].value if others else date_released
    return PhotoDates(date, date_released, tuple(mentions))


def _photo_sentence(
    text: str, sentences: list[tuple[int, int]], by_sentence: dict[int, list[DateMention]]
) -> list[DateMention]:
    """The mentions of the sentence that dates the photo, by the first rule that finds one:
    a sentence that says it describes the photo ("写真は16日午前", "사진은 ..."), the first sentence,
    then the first sentence that says the photo was taken or released, or is a dateline."""
    verbs = _word_patterns()
    for index in sorted(by_sentence):
        start, end = sentences[index]
        if verbs["photo_marker"].search(text, start, min(end, start + 12)):
            return by_sentence[index]
    if 0 in by_sentence:
        return by_sentence[0]
    for index in sorted(by_sentence):
        start, end = sentences[index]
        here = by_sentence[index]
        sentence = text[start:end]
        if (
            verbs["taken"].search(sentence)
            or verbs["release"].search(sentence)
            or any(m.released for m in here)
            or _is_dateline(sentence, start, here)
        ):
            return here
    return []


_HANGUL_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\uac00-\ud7af])")
_LAST_WORD = re.compile(r"(\w+)\.\s*$")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end); a Korean sentence ends at ". " before Hangul too, and a title
    closing a sentence ("schools Supt. Ramon Cortines") is an abbreviation, not its end."""
    spans: list[tuple[int, int]] = []
    pos = 0
    titles = vocab.words("titles.txt")
    for sentence in split_sentences(text):
        start = text.find(sentence, pos)
        if start < 0:
            continue
        end = start + len(sentence)
        pos = end
        if spans and _ends_with_title(text, spans[-1], titles):
            start = spans.pop()[0]
        spans.append((start, end))
    spans = [piece for span in spans for piece in _hangul_pieces(text, span)]
    return spans or [(0, len(text))]


def _ends_with_title(text: str, span: tuple[int, int], titles: frozenset[str]) -> bool:
    m = _LAST_WORD.search(text, max(span[0], span[1] - 40), span[1])
    return m is not None and m.group(1).casefold() in titles


def _hangul_pieces(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    start, end = span
    pieces = []
    for m in _HANGUL_BREAK.finditer(text, start, end):
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, end))
    return pieces


def _with_sentence(m: DateMention, starts: list[int]) -> DateMention:
    index = max(bisect_right(starts, m.start) - 1, 0)
    return DateMention(m.start, m.end, m.text, m.value, m.released, index, m.weak)


def _is_dateline(sentence: str, offset: int, here: list[DateMention]) -> bool:
    """A sentence that is little more than a date ("Roma 31 Maggio 2016", "September 10, 2016."),
    or one that opens with its date ("27 января 2021. ...", "5月25日,...")."""
    first = here[0].start - offset
    if not sentence[: max(first, 0)].strip(" \t\n-–—:,.([{"):
        return True
    pieces, pos = [], 0
    for m in here:
        pieces.append(sentence[pos : max(m.start - offset, pos)])
        pos = max(pos, m.end - offset)
    pieces.append(sentence[pos:])
    return sum(len(_WORDS.findall(p)) for p in pieces) <= 3


def parse_page_date(text: str | None) -> dt.date | None:
    """A page date given as ISO text; None for empty or impossible dates (the caller reports it)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return None
