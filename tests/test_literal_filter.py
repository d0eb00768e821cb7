"""The literal filter picks the patterns that may match; it must never leave out one that does.
The date rules it lets skip must find what they find when every rule reads the whole text."""

import re
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from captions import vocab
from captions.parsing import dates
from captions.parsing.attribution import _AFTER_X, _BEFORE_X
from captions.parsing.calendar_words import CalendarWords
from captions.parsing.literal_filter import LiteralFilter, required_words

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
    ]
)
texts = st.lists(pieces, max_size=14).map("".join)


def test_required_words_of_a_pattern():
    assert required_words("cannot be (?:verified|confirmed)", re.IGNORECASE) == [
        frozenset({"cannot be "}),
        frozenset({"verified", "confirmed"}),
    ]
    assert required_words("(?:a|b)x?") == []  # nothing two letters long is needed


@settings(max_examples=300, deadline=None)
@given(texts)
def test_no_matching_pattern_is_left_out(text):
    for sources in (DISCLAIMERS, PHRASES):
        candidates = set(LiteralFilter(sources, re.IGNORECASE).candidates(text))
        matching = {i for i, s in enumerate(sources) if re.search(s, text, re.IGNORECASE)}
        assert matching <= candidates


@settings(max_examples=200, deadline=None)
@given(texts)
def test_date_rules_find_the_same_with_and_without_the_automaton(text):
    found = dates.find_photo_dates(text, dates.dt.date(2024, 3, 14))
    everywhere = CalendarWords(True, None, True, None)
    with mock.patch.object(dates, "calendar_words", lambda _: everywhere):
        assert dates.find_photo_dates(text, dates.dt.date(2024, 3, 14)) == found
