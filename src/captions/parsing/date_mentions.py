"""Every date a text mentions: the rules of `date_rules` run in order, most specific first, and a
rule cannot claim text an earlier one took.  A date right after "since" or glued in brackets to
a word is another event's and is dropped; a release verb before it (or after it, in Japanese and
Korean) makes it a release date.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

from .calendar_words import calendar_words
from .date_patterns import (
    CJK,
    EXCLUDING_WORD,
    OTHER_DATE,
    RELEASE_WORD,
    cjk_only,
    date_word_filter,
    excluded_endings,
    release_words,
    word_patterns,
)
from .date_rules import LATIN_RULES, RULES, RuleContext


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO date, "YYYY-MM" or "YYYY"; None when it cannot be resolved
    released: bool = False
    sentence: int = 0
    weak: bool = False  # a bare year from context ("in 1989", "the 2022 ... Conference")


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

    def covers(self, start: int, end: int) -> bool:
        """Does one claimed span hold all of [start, end)?"""
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end

    def claim(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def find_mentions(text: str, page_date: dt.date | None, language: str | None = None) -> list[DateMention]:
    words = frozenset(date_word_filter().candidates(text))
    cjk = not text.isascii() and CJK.search(text) is not None
    claimed = _Claimed()
    ctx = RuleContext(text, page_date, language, calendar_words(text), words=words, cjk=cjk, taken=claimed.covers)
    found: list[DateMention] = []
    excluded = word_patterns()["excluded_before"]
    verbs = RELEASE_WORD in words  # a release verb may stand before a date
    excluding = EXCLUDING_WORD in words
    for _, rule, weak in RULES if cjk else LATIN_RULES:
        for start, end, value in rule(ctx):
            if not claimed.free(start, end):
                continue
            claimed.claim(start, end)
            if (excluding and _excluded(text, start, excluded)) or _is_aside(text, start, end):
                continue
            released = _is_release(text, start, end, verbs, cjk or not cjk_only("release_after"))
            found.append(DateMention(start, end, text[start:end], value, released, weak=weak))
    found.sort(key=lambda d: d.start)
    return _merge_adjacent(found)


def _excluded(text: str, start: int, excluded: re.Pattern) -> bool:
    """Does a word such as "since" end the 16 characters before the date ("excluded_before")?
    The search is made only when the last character before the white space can end one."""
    window = max(0, start - 16)
    i = start
    while i > window and text[i - 1].isspace():
        i -= 1
    if i == window or (text[i - 1].isascii() and text[i - 1] not in excluded_endings()):
        return False
    return excluded.search(text, window, start) is not None


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


def _is_release(text: str, start: int, end: int, verbs: bool = True, after: bool = True) -> bool:
    """Does a release verb come before the date in its sentence, or one after it?  `verbs`: False
    when the text holds none of the verbs, so none comes before; `after`: False when none can
    follow (the verbs that do are in Chinese characters or Hangul, and the text has none)."""
    if verbs and _release_verb_before(text, start):
        return True
    # "同19日公開", "21일 이 사진을 전송": the verb follows the date
    return after and word_patterns()["release_after"].match(text, end, end + 16) is not None


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
