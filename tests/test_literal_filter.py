"""The literal filter picks the patterns that may match; it must never leave out one that does.
The date rules it lets skip must find what they find when every rule reads the whole text."""

import re
import sys
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from captions import vocab
from captions.parsing import date_mentions, dates
from captions.parsing.attribution import _AFTER_X, _BEFORE_X
from captions.parsing.calendar_words import CalendarWords
from captions.parsing.date_patterns import date_word_filter
from captions.parsing.literal_filter import CASE_FOLD_BLOCKS, LiteralFilter, required_words

DISCLAIMERS = [r["pattern"] for r in vocab.rows("disclaimers.csv")]
PHRASES = [p.pattern for p in _BEFORE_X + _AFTER_X]

pieces = st.sampled_from(
    [
        "cannot be independently ",
        "verified",
        "CONFIRMED",
        "verıfied",  # a dotless i: IGNORECASE takes it for "i", lower-casing does not
        "ſales",  # a long s
        "İ",  # lower-cases to two characters
        "no ",
        "sales",
        "photo ",
        "released ",
        "by ",
        "the ministry",
        "Handout",
        "publiée par ",
        "公開",
        "March ",
        "Monday, ",
        "Samstagabend ",
        "segunda-feira",
        "5 ",
        "2024",
        "(",
        "; ",
        ". ",
        "yesterday",
        "ß",
        " ",
        # the month rules read from two words before the first digit: words, numbers and marks around it
        "Nov. ",
        "may ",
        "de ",
        "in ",
        "the ",
        "1989",
        "12",
        ", ",
        "-",
        "Tuesday",
        "Room ",
        "since ",
        "until",
    ]
)
texts = st.lists(pieces, max_size=14).map("".join)


def test_required_words_of_a_pattern():
    assert required_words("cannot be (?:verified|confirmed)", re.IGNORECASE) == [
        frozenset({"cannot be "}),
        frozenset({"verified", "confirmed"}),
    ]
    assert required_words("(?:a|b)x?") == []  # nothing two letters long is needed


FILTERS = [
    (LiteralFilter(sources, re.IGNORECASE), [re.compile(s, re.IGNORECASE) for s in sources])
    for sources in (DISCLAIMERS, PHRASES)
] + [(date_word_filter(), [re.compile(s, re.IGNORECASE) for s in date_word_filter().sources])]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_no_matching_pattern_is_left_out(text):
    for words, patterns in FILTERS:
        matching = {i for i, p in enumerate(patterns) if p.search(text)}
        assert matching <= set(words.candidates(text))


@settings(max_examples=200, deadline=None)
@given(texts)
def test_date_rules_find_the_same_with_and_without_the_automaton(text):
    found = dates.find_photo_dates(text, dates.dt.date(2024, 3, 14))
    everywhere = CalendarWords(True, None, True, None)
    with mock.patch.object(date_mentions, "calendar_words", lambda _: everywhere):
        assert dates.find_photo_dates(text, dates.dt.date(2024, 3, 14)) == found


def test_the_letters_ignorecase_holds_equal_lie_in_the_blocks_scanned():
    extra = getattr(getattr(re, "_casefix", None), "_EXTRA_CASES", {})
    assert extra or sys.version_info < (3, 11)
    targets = {chr(v) for values in extra.values() for v in values}
    everywhere = {chr(c) for c in range(0x10000) if chr(c).lower() in targets}
    scanned = {chr(c) for lo, hi in CASE_FOLD_BLOCKS for c in range(lo, hi) if chr(c).lower() in targets}
    assert everywhere == scanned
