"""The folded search is a faster way to the same matches as re.IGNORECASE, never a different answer."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from captions.parsing.caseless import Caseless, fold_pattern, literal_prefilter

PHRASES = r"cannot be independently (?:verified|confirmed)|EDITORIAL USE ONLY|(?P<who>\w+) language watermark"
pieces = st.sampled_from(
    [
        "Cannot be INDEPENDENTLY verified",
        "editorial use only",
        "Korean LANGUAGE watermark",
        "İstanbul",
        "ẞ",
        "ﬁ",
        " ",
        ". ",
        "Kim",
        "cannot be",
        "ONLY",
        "\n",
    ]
)


def test_fold_keeps_escapes_and_group_names():
    assert fold_pattern(r"\S+ Photo(?P<Name>\W)(?P=Name) [A-Z]") == r"\S+ photo(?P<Name>\W)(?P=Name) [a-z]"


def test_finds_what_ignorecase_finds_with_the_captions_own_letters():
    text = "Troops march. The content CANNOT BE Independently Verified. (EDITORIAL USE ONLY)"
    found = [m.group(0) for m in Caseless(PHRASES).finditer(text)]
    assert found == ["CANNOT BE Independently Verified", "EDITORIAL USE ONLY"]
    assert Caseless(PHRASES).search("A crowd gathers in the square.") is None
    assert Caseless("only").sub("", "Editorial Use ONLY") == "Editorial Use "


def test_text_whose_length_changes_when_lower_cased_is_still_searched():
    # "İ" lower-cases to two characters; the folded positions would shift, so the plain search runs
    assert Caseless("editorial use only").search("İzmir. EDITORIAL USE ONLY").group(0) == "EDITORIAL USE ONLY"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=12).map("".join), st.integers(0, 20))
def test_same_matches_as_ignorecase(text, pos):
    plain = re.compile(PHRASES, re.IGNORECASE)
    fast = Caseless(PHRASES)
    assert [m.span() for m in fast.finditer(text, pos)] == [m.span() for m in plain.finditer(text, pos)]


def test_required_literals_of_phrase_lists():
    assert literal_prefilter(r"no (?:archive|sales)") is not None
    assert sorted(literal_prefilter(r"cannot be (?:verified|confirmed)|editors? note").keys()) == [
        "cannot be ",
        "editor",
    ]
    assert literal_prefilter(r"[a-z]+ photos?") is not None  # " photo" is in every match
    assert literal_prefilter(r"\w+|x") is None  # a branch with no literal: no prefilter
    # the words are lower-cased, as the text is: a group with its own case holds them too
    assert sorted(literal_prefilter(r"(?i:AB)c|ef").keys()) == ["ab", "ef"]
    assert literal_prefilter(r"x(?=yz)|ef") is None  # "yz" lies outside the match: it cannot place it
    assert sorted(literal_prefilter(r"(?i)ABC").keys()) == ["abc"]
    assert literal_prefilter(r"a") is None  # one letter is no filter


OTHER_PATTERNS = [
    PHRASES.lower(),
    r"(?<!\w)(?:hide caption|toggle caption|enlarge this image)(?!\w)",
    r"(?:is|are|was) unable to (?:independently )?(?:verify|confirm)",
    r"editors? note|editor'?s note",
    r"(?:ab)+cd|x{2,}yz",
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(OTHER_PATTERNS),
    st.lists(st.one_of(pieces, st.sampled_from(["hide caption", "ababcd", "xxxyz", "editors note"])), max_size=10).map(
        "".join
    ),
    st.integers(0, 20),
)
def test_the_literal_prefilter_never_hides_a_match(pattern, text, pos):
    lowered = text.lower()
    literals = literal_prefilter(pattern)
    if literals is not None and re.compile(pattern).search(lowered, pos):
        assert next(literals.iter(lowered, pos), None) is not None


ascii_pieces = st.sampled_from(
    [
        "Hide Caption",
        "hide caption",
        "wide caption",
        "xhide caption",
        "ABABCD",
        "xxXyz",
        "Editor's Note",
        " ",
        ". ",
        "a",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([PHRASES, *OTHER_PATTERNS[1:]]),
    st.lists(ascii_pieces, max_size=10).map("".join),
    st.integers(0, 20),
)
def test_in_ascii_text_the_match_is_placed_where_ignorecase_places_it(pattern, text, pos):
    # the folded search finds the place (from the first literal less the longest match, where bounded)
    # and the pattern is tried only there: the same spans, the caption's own letters
    plain = re.compile(pattern, re.IGNORECASE)
    fast = Caseless(pattern)
    assert [(m.span(), m.group(0)) for m in fast.finditer(text, pos)] == [
        (m.span(), m.group(0)) for m in plain.finditer(text, pos)
    ]
    first, expected = fast.search(text, pos), plain.search(text, pos)
    assert (first and first.span()) == (expected and expected.span())


def test_a_lookbehind_still_sees_the_text_before_the_place_found():
    fast = Caseless(r"(?<!\w)(?:hide caption)(?!\w)")
    assert fast.search("xHide caption") is None
    assert fast.search("x Hide Caption").span() == (2, 14)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([PHRASES, *OTHER_PATTERNS[1:]]), st.lists(ascii_pieces, max_size=6).map("".join))
def test_match_at_the_start_is_the_ignorecase_match(pattern, text):
    found, expected = Caseless(pattern).match(text), re.compile(pattern, re.IGNORECASE).match(text)
    assert (found and found.span()) == (expected and expected.span())


def test_a_pattern_whose_letter_matches_ascii_only_without_case_is_matched_as_written():
    # "ı" (dotless i) matches "I" and "i" under IGNORECASE, but lower-cases to itself
    assert Caseless("kırmızı").match("KIRMIZI").group(0) == "KIRMIZI"
