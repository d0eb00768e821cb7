"""The patterns and word lists the date rules read: month and weekday shapes, numeric forms, CJK
forms, and the words of date_words.csv (release and taken verbs, "since", "yesterday").

Kept apart from the rules (`date_rules`) because they are data more than logic: built once, on
first use, from the vocabularies.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import vocab
from .caseless import Caseless
from .literal_filter import LiteralFilter


@cache
def _date_words(kind: str) -> tuple[str, ...]:
    """Words of one kind from date_words.csv, longest first so that an alternation prefers them."""
    return tuple(
        sorted({r["word"].casefold() for r in vocab.rows("date_words.csv") if r["kind"] == kind}, key=len, reverse=True)
    )


def _alternation(kind: str) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _date_words(kind)) or "(?!)"


@cache
def relative_offsets() -> dict[str, int]:
    return {r["word"].casefold(): int(r["offset"]) for r in vocab.rows("date_words.csv") if r["kind"] == "relative"}


@cache
def _eras() -> dict[str, int]:
    return {r["era"]: int(r["first_year"]) for r in vocab.rows("eras.csv")}


CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def _cjk_or_words(words: tuple[str, ...]) -> str:
    """CJK words have no word boundary around them ("昨日" inside a sentence); others need one."""
    cjk = [re.escape(w) for w in words if CJK.search(w)]
    latin = [re.escape(w).replace(r"\ ", r"\s+") for w in words if not CJK.search(w)]
    parts = [rf"\b(?:{'|'.join(latin)})\b"] if latin else []
    if cjk:
        parts.append(f"(?:{'|'.join(cjk)})")
    return "|".join(parts) or "(?!)"


@cache
def word_patterns() -> dict[str, re.Pattern]:
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
def excluded_endings() -> frozenset[str]:
    """The ASCII characters a word of "excluded_before" ("since", "by") can end with in a text, as
    its case-insensitive pattern reads them: a date whose window ends otherwise needs no search."""
    ends = {re.escape(w[-1]) for w in _date_words("excluded_before")}
    return frozenset(chr(c) for c in range(128) if any(re.fullmatch(e, chr(c), re.IGNORECASE) for e in ends))


@cache
def cjk_only(kind: str) -> bool:
    """Does every word of a kind ("release_after": "公開", "전송"; "photo_marker": "写真は") hold
    a CJK character?  Then a text without one has none of them."""
    return all(CJK.search(w) for w in _date_words(kind))


@cache
def release_words() -> LiteralFilter:
    return LiteralFilter([word_patterns()["release"].pattern], re.IGNORECASE)


@cache
def english_month_names() -> dict[str, int]:
    """Full English month names ("May", "September", not "Sept"): a name that starts another
    name of the same month is its abbreviation."""
    rows = [(r["name"], int(r["month"])) for r in vocab.rows("months.csv") if r["lang"] == "en"]
    return {
        name: month
        for name, month in rows
        if not any(other != name and other.startswith(name) and m == month for other, m in rows)
    }


# What the rules below need at the least, looked for first: most captions lack some of them.
IN_YEAR = re.compile(r"(?i:in)\s+(?:18|19|20)\d\d")
YEAR = re.compile(r"(?:18|19|20)\d\d")
YEAR_FIRST = re.compile(r"\d{4}[-./]\d")
DAY_SEP = re.compile(r"\d[./]\d")
DAY_SLASH = re.compile(r"\d/\d")
# a character no date of the month rules holds: those rules read letters, digits, spaces, "-,."
STOP = re.compile(r"[^\w\s\-,.]")
LAST_STOP = re.compile(r"(?s:.*)[^\w\s\-,.]")
NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
SPACES = re.compile(r"\s+")
OTHER_DATE = re.compile(r"\d{4}|\b\d{1,2},")
DIGIT = re.compile(r"\d")
YEAR_DOT = re.compile(r"\d{4}\.\s")  # in every "ymd_words" date
_DIGIT_RUN = re.compile(r"\d+")


class DigitRuns:
    """The runs of digits of a text, found in one scan, and what the date rules ask about them.

    Most of the rules need a digit in a certain shape ("2024-", "5/3", a year), and each asked with
    a search of the whole text: a pattern that opens with a digit class is tried at every character.
    A date's digits stand in a few runs, so one scan for the runs answers every such question by
    looking at the runs alone; the answers are those of the searches they replace (the property
    tests of test_dates compare them)."""

    __slots__ = ("text", "runs")

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs = [m.span() for m in _DIGIT_RUN.finditer(text)]

    def joined(self, marks: str, digits: int = 1) -> bool:
        """Is a run of at least `digits` digits followed by one of `marks` and a digit?  As
        `DAY_SEP.search` ("\\d[./]\\d", marks "./"), `DAY_SLASH` ("/") and `YEAR_FIRST` ("-./", 4)."""
        runs, text = self.runs, self.text
        for i in range(1, len(runs)):
            end = runs[i - 1][1]
            if runs[i][0] == end + 1 and text[end] in marks and end - runs[i - 1][0] >= digits:
                return True
        return False

    def first(self, start: int, end: int) -> int | None:
        """Where the first digit in text[start:end] is (`DIGIT.search(text, start, end)`)."""
        for run_start, run_end in self.runs:
            if run_end > start:
                place = max(run_start, start)
                return place if place < end else None
        return None

    def years(self) -> list[int]:
        """Where `YEAR.finditer` finds its years: a year is four digits, so inside one run."""
        text, found = self.text, []
        for start, end in self.runs:
            if end - start == 4:
                if text[start : start + 2] in _CENTURIES:
                    found.append(start)
            elif end - start > 4:
                found += [m.start() for m in YEAR.finditer(text, start, end)]
        return found

    # What the month rules' numbers need at the least (each "mdy", "dmy", "my" and "ymd_words"
    # match holds one): a text whose runs have none of these shapes cannot hold a match.

    def day_after_word(self) -> bool:
        """ "Sept. 16", "March 5": one or two digits after white space after a word or "." (mdy)."""
        return any(end - start <= 2 and self._after_word(start, comma=False) for start, end in self.runs)

    def day_before_word(self) -> bool:
        """ "16 March", "4. November": one or two digits, maybe ".", then white space (dmy)."""
        text, size = self.text, len(self.text)
        for start, end in self.runs:
            if end - start <= 2 and end < size:
                after = end + 1 if text[end] == "." else end
                if after < size and text[after].isspace():
                    return True
        return False

    def year_after_word(self) -> bool:
        """ "March 2009", "July, 2020", "marzo de 2024": four digits after white space after a word,
        ".", or either and "," (my)."""
        return any(end - start == 4 and self._after_word(start, comma=True) for start, end in self.runs)

    def year_dot(self) -> bool:
        """ "2024. március": four digits or more, ".", white space (`YEAR_DOT`, ymd_words)."""
        text, size = self.text, len(self.text)
        return any(
            end - start >= 4 and end + 1 < size and text[end] == "." and text[end + 1].isspace()
            for start, end in self.runs
        )

    def _after_word(self, start: int, comma: bool) -> bool:
        text = self.text
        i = start - 1
        if i < 0 or not text[i].isspace():
            return False
        while i >= 0 and text[i].isspace():
            i -= 1
        if comma and i >= 0 and text[i] == ",":
            i -= 1
        # "." or a letter as the patterns read one ([^\W\d_]: a word character, not a digit or "_")
        return i >= 0 and (text[i] == "." or (text[i].isalnum() and not text[i].isdecimal()))


_CENTURIES = frozenset({"18", "19", "20"})


# A month or weekday is matched as any run of letters and then looked up in the vocabulary: an
# alternation of every month and weekday name in many languages, tried case-insensitively at every
# word, cost several times more than the rest of the date finder together.
_WORD = r"[^\W\d_]++"  # possessive: a word is never given back letter by letter
_WEEKDAY = rf"(?P<weekday>{_WORD}(?:-{_WORD})?)"  # "Saturday", "segunda-feira"
_MONTH = rf"(?P<month>{_WORD})\.?"
_DAY_SUFFIX = r"(?i:st|nd|rd|th)?"
_ERA_YEAR = r"(?:(?P<era>令和|平成|昭和|大正)(?P<eyear>\d{1,2}|元)|(?P<year>\d{4}))\s*[年년]"
_YEAR_WORD = r"(?:18|19|20)\d\d"
PATTERNS = {
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
def relative_re() -> Caseless:
    """Caseless: most captions have none of these words, and that answer comes four times faster."""
    return Caseless(f"(?P<rel>{_cjk_or_words(tuple(sorted(relative_offsets(), key=len, reverse=True)))})")


# What three kinds of rule need, looked for in one pass over the text: a release verb before a
# date, a relative day ("yesterday"), a word before a date that makes it another event's ("since").
RELEASE_WORD, RELATIVE_WORD, EXCLUDING_WORD = range(3)


@cache
def date_word_filter() -> LiteralFilter:
    """Which of RELEASE_WORD, RELATIVE_WORD and EXCLUDING_WORD a text may hold (`candidates`)."""
    patterns = word_patterns()
    sources = [patterns["release"].pattern, relative_re().pattern.pattern, patterns["excluded_before"].pattern]
    return LiteralFilter(sources, re.IGNORECASE)


@cache
def _day_part_re() -> re.Pattern:
    """German, Dutch and Nordic weekdays take the part of the day into the word: "Samstagabend",
    "zondagmiddag", "lördagskväll"."""
    return re.compile(rf"(?P<day>.+?)s?(?:{_alternation('day_part')})", re.IGNORECASE)


@lru_cache(maxsize=65536)
def weekday_value(word: str) -> int | None:
    weekdays = vocab.weekdays()
    folded = word.casefold()
    if folded in weekdays:
        return weekdays[folded]
    m = _day_part_re().fullmatch(folded)
    return weekdays.get(m["day"]) if m else None


@cache
def solar_hijri_months() -> dict[str, int]:
    return {r["name"]: int(r["month"]) for r in vocab.rows("solar_hijri_months.csv")}


def year_of(m: re.Match) -> int:
    if m["era"]:
        return _eras()[m["era"]] - 1 + (1 if m["eyear"] == "元" else int(m["eyear"]))
    return int(m["year"])
