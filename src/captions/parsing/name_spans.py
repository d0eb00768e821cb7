"""Runs of capitalised words ("spans") in a description, with the few facts around each that the
readings look at: the word before (a title, a preposition of place), the word after, the sentence,
a possessive ending.

Kept apart from the readings (`name_readings`) and the choice of people (`names`): this is the
one walk over the text; everything after it reads spans, not the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, lru_cache
from typing import NamedTuple

from .. import vocab
from .literal_filter import most_telling, required_words
from .split import split_sentences

# Position markers: "(C)", "(2nd from R)", "(3rd L)", "(s)", ", center,", ", second left,".
_MARKER_PAREN = re.compile(
    r"\(\s*(?:[CLRSDclrsd]|\d+(?:st|nd|rd|th)\s+(?:from\s+)?[LRlr]|(?:top|bottom|centre|center|left|right|front|rear|back)"
    r"(?:\s+(?:left|right|row))?|[Cc]enter|[Cc]entre)\s*\)"
)
_MARKER_COMMA = re.compile(
    r",\s*(?:(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|far|front|back|top|bottom|rear)\s+)?"
    r"(?:left|right|center|centre|top|bottom|rear|front)(?:\s+(?:left|right))?"
    r"(?:\s+in the (?:background|foreground))?\s*(?=,|\.|\s)"
)

# a word every _MARKER_COMMA match holds ("left", "center", ...)
_MARKER_WORDS = tuple(sorted(most_telling(required_words(_MARKER_COMMA.pattern))))

_POSSESSIVE_END = re.compile(r"['’]s$|(?<=s)'$")


class Span(NamedTuple):  # a tuple: made ten times per caption, a frozen dataclass costs 4× more
    text: str
    start: int
    end: int
    sentence: int
    before: str  # the word before the span (lower case), for context
    after: str
    title: bool  # a title or rank stood in front of the name
    possessive: bool
    lead_in: str = ""  # the word before, looking past "the": "at" in "at the Great Hall"


@cache
def name_lists():
    return {
        "titles": vocab.words("titles.txt"),
        "place_words": vocab.words("place_words.txt"),
        "not_person": vocab.words("not_person_words.txt"),
        "common": vocab.words("common_nouns.txt"),
        "places": vocab.words("places.txt"),
        "place_lead": vocab.words("place_lead_words.txt"),
        "ap_states": vocab.words("ap_state_abbreviations.txt"),
        "demonyms": vocab.words("demonyms.txt"),
        "particles": vocab.words("person_particles.txt"),
        "months": frozenset(vocab.months()),
        "connectors": vocab.words("name_connectors.txt"),
        "weekdays": frozenset(vocab.weekdays()),
    }


def clean_markers(text: str) -> str:
    # each marker needs its bracket or one of its words, looked for as literals first: quicker
    # than the patterns' search, and most captions have neither
    if "(" in text:
        text = _MARKER_PAREN.sub(" ", text)
    if any(word in text for word in _MARKER_WORDS):
        text = _MARKER_COMMA.sub("", text)
    return text


def name_connectors() -> frozenset[str]:
    return name_lists()["connectors"]


@cache
def connectors_or_the() -> frozenset[str]:
    return name_connectors() | {"the"}


@cache
def _cap_word() -> str:
    """One word that may stand in a name: capitalised, an abbreviation or initial ("Gen.", "J."),
    a particle hyphenated to a name ("al-Assad"), or a quoted nickname."""
    abbreviations = "|".join(re.escape(a.capitalize()) for a in sorted(vocab.words("name_abbreviations.txt")))
    particles = "|".join(re.escape(p) for p in sorted(vocab.words("name_hyphen_particles.txt")))
    return (
        rf"(?:(?:[A-Z]|{abbreviations}|[IVX]+)\.|[{_upper_letters()}][\w'’\-]*|(?:{particles})-[A-Z][\w'’\-]*"
        r"|\"[A-Z][\w\-]*\")"
    )


@cache
def _upper_letters() -> str:
    """Capital letters of the Latin (with Vietnamese), Greek and Cyrillic alphabets, for a character
    class: a range such as Ā-ſ holds small letters too ("đến" is not a capitalised word)."""
    ranges = ((0x41, 0x5B), (0xC0, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    return "".join(re.escape(chr(c)) for lo, hi in ranges for c in range(lo, hi) if chr(c).isupper())


@cache
def _run_re() -> re.Pattern:
    """A run of capitalised words, with connectors inside and a lower-case place word after
    ("Ryanggang province", "Tal Abyad street market" stops at "street")."""
    not_trailing = vocab.words("place_words_not_trailing.txt")
    trailing = sorted(
        (w for w in name_lists()["place_words"] if not w.endswith("*") and " " not in w and w not in not_trailing),
        key=len,
        reverse=True,
    )
    connectors = "|".join(["of the"] + sorted((re.escape(c) for c in name_connectors()), key=len, reverse=True))
    cap = _cap_word()
    return re.compile(
        cap + r"(?:[ \t](?:(?:" + connectors + r")[ \t])?" + cap + r")*"
        r"(?:[ \t](?:" + "|".join(re.escape(w) for w in trailing) + r")\b)?"
    )


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Where the caption's sentences are; a title abbreviation does not end one ("schools Supt.
    Ramon Cortines"): the title belongs to the name after it."""
    titles = name_lists()["titles"]
    bounds: list[tuple[int, int]] = []
    pos = 0
    for sentence in split_sentences(text):
        start = max(text.find(sentence, pos), pos)
        end = start + len(sentence)
        pos = end
        if bounds and _ends_with_title_abbreviation(
            text[max(bounds[-1][0], bounds[-1][1] - 40) : bounds[-1][1]], titles
        ):
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((start, end))
    return bounds


def _ends_with_title_abbreviation(tail: str, titles: frozenset[str]) -> bool:
    """`tail`: the last characters of a sentence (enough for its last word)."""
    words = tail.split()
    return tail.endswith(".") and bool(words) and words[-1].rstrip(".").casefold() in titles


def spans(text: str, bounds: list[tuple[int, int]] | None = None) -> list[Span]:
    """Runs of capitalised words, allowing "of", "bin", "al-" and initials inside.  `bounds`: the
    text's sentences, when the caller has them already."""
    sentence_starts = [start for start, _ in (sentence_bounds(text) if bounds is None else bounds)]
    out: list[Span] = []
    for m in _runs(text):
        start, end = m.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            continue  # inside a word ("McDonald", "iPhone")
        raw, possessive = _span_text(m.group())
        # the words before: the last three of the 40 characters (the first may be cut), and the
        # punctuation ending them when a space follows it
        before_text = text[start - 40 if start > 40 else 0 : start]
        before_words = before_text.rsplit(None, 3)[-3:]
        punctuation = ""
        if before_words and before_text[-1:].isspace() and before_words[-1][-1] in ",.;:":
            punctuation = before_words[-1][-1]
        before, title, lead_in = _context_of(tuple(before_words), punctuation)
        # the first word after the span, within 30 characters (split's white space is \s's)
        after = text[end : end + 30].split(None, 1)
        sentence = bisect_right(sentence_starts, start) - 1
        fields = (
            raw,
            start,
            end,
            sentence if sentence > 0 else 0,
            before,
            after[0] if after else "",
            title,
            possessive,
            lead_in,
        )
        out.append(_new_span(Span, fields))  # without Span.__new__'s frame: one is made per span
    return out


_new_span = tuple.__new__


def _runs(text: str) -> list[re.Match]:
    """The matches of `_run_re` that `finditer` gives, tried only where a run can start: at a
    capital, an abbreviation, a quote or a hyphenated particle.  The run pattern opens with an
    alternation that the regular expression engine cannot skip ahead for, so `finditer` tried it at
    every character; the starts are found by one character-class scan, which it can."""
    match = _run_re().match
    # the next start is searched for from where the last run ended: the starts inside a run are
    # passed over by the search, in C, not listed and skipped one by one
    search = (_run_start_re() if "-" in text else _run_first_char()).search
    runs = []
    pos = 0
    while (start := search(text, pos)) is not None:
        m = match(text, start.start())
        if m:
            pos = m.end()
            runs.append(m)
        else:
            pos = start.start() + 1
    return runs


@cache
def _run_first_char() -> re.Pattern:
    """The characters a run can start with, but for the particles (lower case: see `_runs`)."""
    abbreviations = {a.capitalize()[0] for a in vocab.words("name_abbreviations.txt")}
    return re.compile("[" + _upper_letters() + "".join(re.escape(c) for c in sorted(abbreviations)) + '"]')


@cache
def _run_start_re() -> re.Pattern:
    """Where a run can start, a hyphenated particle too ("al-Assad").  Where a particle's "-"
    follows, no other particle starts inside it (none is the end of another), so the search finds
    every place where one of them starts."""
    particles = "|".join(re.escape(p) for p in sorted(vocab.words("name_hyphen_particles.txt")))
    return re.compile(f"{_run_first_char().pattern}|(?:{particles})-")


@lru_cache(maxsize=16384)
def _span_text(run: str) -> tuple[str, bool]:
    """The words of a run, single-spaced and without a possessive ending.  Cached: names recur."""
    return _without_possessive(run.split())


def _without_possessive(words: list[str]) -> tuple[str, bool]:
    """A possessive ends the name unless a capitalised word follows ("Korean People's Army")."""
    last = words[-1]
    if len(last) > 2 and (last.endswith("'s") or last.endswith("’s") or last.endswith("s'")):
        words[-1] = _POSSESSIVE_END.sub("", last)
        return " ".join(words), True
    return " ".join(words), False


@lru_cache(maxsize=16384)
def _context_of(words: tuple[str, ...], punctuation: str) -> tuple[str, bool, str]:
    """The word before a span (or the punctuation right before it), whether a title stands there,
    and the word a place reading looks at ("at" in "at the Great Hall", "near Cutro, southern
    Italy", "in central Raqqa"), from the last three words before the span and the punctuation
    ending them when a space follows it.  Cached: the words before names repeat ("President",
    "in the")."""
    lists = name_lists()
    before = punctuation or (words[-1].casefold() if words else "")
    title = _ends_with_title(" ".join(w.casefold() for w in words)) or before in lists["titles"]
    lead_in = before
    if (before == "the" or before in lists["place_lead"]) and len(words) > 1:
        lead_in = words[-2].casefold()
        if lead_in.endswith(",") and before in lists["place_lead"]:
            lead_in = ","
    return before, title, lead_in


@cache
def _reversed_titles_re() -> re.Pattern:
    titles = sorted((t for t in name_lists()["titles"] if " " in t or len(t) > 2), key=len, reverse=True)
    return re.compile("|".join(re.escape(t[::-1]) for t in titles))


def _ends_with_title(text: str) -> bool:
    """Does `text` end with a title ("... north korean leader")?  Matched on the reversed text from
    its start: one anchored try instead of a search through every position."""
    return _reversed_titles_re().match(text[::-1]) is not None
