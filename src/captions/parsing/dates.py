"""When was the photo taken, and when was it released?

A caption's dateline is in its first sentence ("... in Singapore June 12, 2018."); later
sentences carry dates of other events and only count when they say the picture was taken then.
A date right after "released by ... / provided on / uploaded" is the release date; a caption
that only has a release date ("this undated photo released on ...") gets it as both.
Dates without a year ("Feb. 25", "on Thursday", "yesterday") are resolved against the page's
date: the most recent such day on or before it.  Without a page date they stay unknown.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import vocab
from .caseless import Caseless
from .split import split_sentences

RELEASE_WORDS = (
    r"released|release|provided|distributed|issued|published|uploaded|posted|made available|handed out|"
    r"supplied|offentliggjort|utgitt|udsendt|veröffentlicht|herausgegeben|verbreitet|publiée?s?|diffusée?s?|"
    r"fournie?s?|publicada|difundida|pubblicata|diffusa"
)
TAKEN_WORDS = r"taken|shot|photographed|captured|filmed|taget|tatt|aufgenommen|prise|tomada|scattata"
_RELEASE_BEFORE = re.compile(rf"\b(?:{RELEASE_WORDS})\b", re.IGNORECASE)
_TAKEN_ANYWHERE = re.compile(rf"\b(?:{TAKEN_WORDS})\b|撮影", re.IGNORECASE)
_EXCLUDED_BEFORE = re.compile(r"\b(?:until|till|since|through|by)\s*$", re.IGNORECASE)
_QUOTED = re.compile(r"''.*?''|\"[^\"]*\"|“[^”]*”|«[^»]*»|„[^“”]*[“”]")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None        # ISO date, "YYYY-MM" or "YYYY"; None when it cannot be resolved
    released: bool = False
    sentence: int = 0


@dataclass(frozen=True)
class PhotoDates:
    date: str | None
    date_released: str | None
    mentions: tuple[DateMention, ...] = ()


# A month or weekday is matched as any run of letters and then looked up in the vocabulary: an
# alternation of every month and weekday name in nine languages, tried case-insensitively at every
# word, cost several times more than the rest of the date finder together.
_WORD = r"[^\W\d_]++"           # possessive: a word is never given back letter by letter
_WEEKDAY = rf"(?P<weekday>{_WORD}(?:-{_WORD})?)"       # "Saturday", "segunda-feira"
_MONTH = rf"(?P<month>{_WORD})\.?"
_PATTERNS = {
    # "Saturday, Feb. 23, 2019", "March 7, 2013", "Jan. 18", "FEBRUARY 27"
    "mdy": re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?i:st|nd|rd|th)?\b"
                      rf"(?!\s*(?i:km|kilo|mile|percent|%))(?:,?\s+(?P<year>\d{{4}})\b)?"),
    # "08 September 2021", "4. November 2017", "le 22 décembre 2022", "lørdag 4. mars 2023"
    "dmy": re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?P<day>\d{{1,2}})\.?\s+(?:(?i:de)\s+)?{_MONTH}"
                      rf"(?:\s+(?:(?i:de)\s+)?(?P<year>\d{{4}})\b)?"),
    # "March 2009"
    "my": re.compile(rf"\b{_MONTH}\s+(?P<year>\d{{4}})\b"),
    # "in April" (English, capitalised)
    "in_month": re.compile(r"\bin\s+(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d)"),
    "iso": re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})\b"),
    "cjk": re.compile(r"(?P<year>\d{4})年(?P<m>\d{1,2})月(?P<day>\d{1,2})日"),
    "cjk_same_month": re.compile(r"同(?P<day>\d{1,2})日"),
    "weekday": re.compile(rf"\b{_WEEKDAY}(?:'s)?\b"),
    "relative": Caseless(r"\b(?P<rel>yesterday|today|tonight|i går|i dag|gestern|heute|hier|aujourd'hui)\b"),
    "year": Caseless(rf"\b(?:{TAKEN_WORDS}|dated)\s+in\s+(?P<year>(?:18|19|20)\d\d)\b"),
}


def _weekday_of(m: re.Match) -> int | None:
    return vocab.weekdays().get(m["weekday"].casefold()) if m["weekday"] else None


def find_photo_dates(description: str, page_date: dt.date | None = None) -> PhotoDates:
    """The photo's date and release date, from a caption's description."""
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), description)
    sentences = _sentence_spans(masked)
    mentions = _mentions(masked, page_date)
    mentions = [_with_sentence(m, sentences) for m in mentions]
    if not mentions:
        return PhotoDates(None, None, ())
    in_scope = [m for m in mentions if m.sentence == mentions[0].sentence and m.sentence == 0]
    if not in_scope:
        for index, (start, end) in enumerate(sentences):
            text = masked[start:end]
            here = [m for m in mentions if m.sentence == index]
            if here and (_TAKEN_ANYWHERE.search(text) or _RELEASE_BEFORE.search(text) or _is_dateline(text, here)):
                in_scope = here
                break
    released = [m for m in in_scope if m.released]
    others = [m for m in in_scope if not m.released]
    date_released = released[-1].value if released else None
    if others:
        date = others[-1].value
    else:
        date = date_released
    return PhotoDates(date, date_released, tuple(mentions))


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, pos)
        if start < 0:
            continue
        spans.append((start, start + len(sentence)))
        pos = start + len(sentence)
    return spans or [(0, len(text))]


def _with_sentence(m: DateMention, spans) -> DateMention:
    for index, (start, end) in enumerate(spans):
        if start <= m.start < end or (index == len(spans) - 1 and m.start >= start):
            return DateMention(m.start, m.end, m.text, m.value, m.released, index)
    return m


def _is_dateline(sentence: str, here: list[DateMention]) -> bool:
    """A sentence that is little more than a date: "Roma 31 Maggio 2016", "September 10, 2016."."""
    rest = sentence
    for m in here:
        rest = rest.replace(m.text, " ")
    return len(re.findall(r"\w+", rest)) <= 3


def _mentions(text: str, page_date: dt.date | None) -> list[DateMention]:
    pats = _PATTERNS
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= s or start >= e for s, e in taken)

    def add(m, value, start=None, end=None):
        start = m.start() if start is None else start
        end = m.end() if end is None else end
        if not free(start, end):
            return
        if _EXCLUDED_BEFORE.search(text[max(0, start - 12):start]):
            taken.append((start, end))
            return
        taken.append((start, end))
        found.append(DateMention(start, end, text[start:end], value, _is_release(text, start, end)))

    months = vocab.months()
    weekdays = vocab.weekdays()
    cjk = "年" in text
    for m in pats["cjk"].finditer(text) if cjk else ():
        value = _iso(int(m["year"]), int(m["m"]), int(m["day"]))
        add(m, value)
        same = pats["cjk_same_month"].search(text, m.end(), m.end() + 12)
        if same and value:
            add(same, _iso(int(m["year"]), int(m["m"]), int(same["day"])))
    for m in pats["iso"].finditer(text) if "-" in text else ():
        add(m, _iso(int(m["year"]), int(m["m"]), int(m["day"])))
    for key in ("mdy", "dmy"):
        for m in pats[key].finditer(text):
            month = months.get(m["month"].casefold())
            if month is None or (m["month"] == "may" and not m["year"]):
                continue
            day = int(m["day"])
            if not m["year"] and re.match(r"\s+[A-Z][a-z]", text[m.end():m.end() + 3]) and key == "mdy":
                continue    # a name, not a date: "the May 9 Catfish Farm"
            # a word before the date that is not a weekday is not part of it
            start = m.start() if _weekday_of(m) is not None else m.start("month" if key == "mdy" else "day")
            if m["year"]:
                add(m, _iso(int(m["year"]), month, day), start)
            else:
                add(m, _resolve_month_day(month, day, page_date), start)
    for m in pats["my"].finditer(text):
        month = months.get(m["month"].casefold())
        if month:
            add(m, f"{int(m['year']):04d}-{month:02d}")
    for m in pats["in_month"].finditer(text):
        month = months.get(m["month"].casefold())
        add(m, _resolve_month(month, page_date) if month else None, m.start("month"), m.end("month"))
    for m in pats["weekday"].finditer(text):
        weekday = weekdays.get(m["weekday"].casefold())
        if weekday is not None:
            add(m, _resolve_weekday(weekday, page_date), m.start("weekday"), m.end())
    for m in pats["relative"].finditer(text):
        rel = m["rel"].casefold()
        offset = -1 if rel in ("yesterday", "i går", "gestern", "hier") else 0
        add(m, (page_date + dt.timedelta(days=offset)).isoformat() if page_date else None)
    for m in pats["year"].finditer(text):
        add(m, m["year"], m.start("year"), m.end("year"))
    found.sort(key=lambda d: d.start)
    return _merge_adjacent(found)


def _merge_adjacent(found: list[DateMention]) -> list[DateMention]:
    """"yesterday (Feb. 25)": one day written twice is one mention."""
    out: list[DateMention] = []
    for m in found:
        if out and out[-1].value == m.value and m.start - out[-1].end <= 3:
            prev = out.pop()
            m = DateMention(prev.start, m.end, prev.text + " " + m.text, m.value, prev.released or m.released)
        out.append(m)
    return out


def _is_release(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 160):start]
    sentence_start = max(before.rfind(". "), before.rfind("; "))
    before = before[sentence_start + 1:]
    words = re.findall(r"\S+", before)
    window = " ".join(words[-12:])
    m = None
    for m in _RELEASE_BEFORE.finditer(window):
        pass
    if m is not None:
        between = window[m.end():]
        # another date between the verb and this one takes the verb ("taken March 20 and released ... March 21")
        if not re.search(r"\d{4}|\b\d{1,2},", between):
            return True
    after = text[end:end + 4]
    return after.startswith("公開") or after.startswith("配信") or after.startswith("発表")


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


def _resolve_month(month: int, page_date: dt.date | None) -> str | None:
    if page_date is None:
        return None
    year = page_date.year if month <= page_date.month else page_date.year - 1
    return f"{year:04d}-{month:02d}"


def _resolve_weekday(weekday: int, page_date: dt.date | None) -> str | None:
    if page_date is None:
        return None
    back = (page_date.weekday() - weekday) % 7
    return (page_date - dt.timedelta(days=back)).isoformat()


def parse_page_date(text: str | None) -> dt.date | None:
    """A page date given as ISO text; None for empty or impossible dates (the caller reports it)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return None
