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
from dataclasses import dataclass

from .. import vocab
from .date_mentions import DateMention, find_mentions
from .date_patterns import cjk_only, word_patterns
from .split import split_sentences

# The quoted passages of a caption are somebody's words, not its dateline.  Each form stops at its
# own opening mark too, so a run of unclosed openers is read once, not once per opener.
_QUOTED = re.compile(r"''(?:[^']|'(?!'))*+''|\"[^\"]*+\"|“[^“”]*+”|«[^«»]*+»|„[^„“”]*+[“”]")
_WORDS = re.compile(r"\w+")
_QUOTE_OPENERS = ("''", '"', "“", "«", "„")  # what each form of _QUOTED starts with


def _may_quote(text: str) -> bool:
    """Does the text hold a quotation mark?  Looked for as literals, which is quicker than the
    search of _QUOTED, a class of characters tried at every one."""
    return any(opener in text for opener in _QUOTE_OPENERS)


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


@dataclass(frozen=True)
class PhotoDates:
    date: str | None
    date_released: str | None
    mentions: tuple[DateMention, ...] = ()


def find_photo_dates(description: str, page_date: dt.date | None = None, language: str | None = None) -> PhotoDates:
    """The photo's date and release date, from a caption's description."""
    masked = _QUOTED.sub(_blank, description) if _may_quote(description) else description
    found = find_mentions(masked, page_date, language)
    if not found:  # the sentences are read only to choose among mentions
        return PhotoDates(None, None, ())
    sentences = _sentence_spans(masked)
    starts = [s for s, _ in sentences]
    mentions = [_with_sentence(m, starts) for m in found]
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
    verbs = word_patterns()
    # the markers are written in CJK characters or Hangul: a text without them has none
    for index in sorted(by_sentence) if not (text.isascii() and cjk_only("photo_marker")) else ():
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


_HANGUL = re.compile(r"[\uac00-\ud7af]")
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
    if not text.isascii() and _HANGUL.search(text):
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
