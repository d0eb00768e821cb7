"""readable_credit: parse_credit, or None only where a piece is sure to stay unread.

The trailing-credit search asks it for every run at the end of a caption; a None there must never
hide a credit, so its answer is checked against the whole parse.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from captions.organisations.registry import AgencyRegistry
from captions.parsing.credit import UNKNOWN, parse_credit, readable_credit, unread_inner_piece
from captions.parsing.split import credit_is_valid

REGISTRY = AgencyRegistry.default()

CASES = [
    ("REUTERS/Mark Evans", False, "a wire credit reads whole"),
    ("JOHN SMITH/AFP via Getty Images", False, "a custody chain reads whole"),
    ("Photo: Dana Holt/Nowhere Tribune", False, "a label and an unregistered paper"),
    ("14, 2031. REUTERS/Mark Evans", True, "a run from the date before the credit: '14' is no name"),
    ("in the harbour, Tuesday. KCNA via REUTERS", True, "a sentence's end before the credit"),
    ("Seoul=Yonhap", False, "a dateline before '=' is not looked at"),
]


@pytest.mark.parametrize("text,rejected,why", CASES)
def test_readable_credit(text, rejected, why):
    found = readable_credit(text, REGISTRY)
    assert (found is None) == rejected, why
    if found is not None:
        assert found is parse_credit(text, REGISTRY)


# Pieces of credits and of the prose before them, for both properties below.
SHARED_BITS = ["REUTERS", "/", " / ", " via ", "VIA ", "KCNA", "AP Photo", ", ", " - ", "Courtesy of "]
PROSE_BITS = ["12", "2031. ", "Tuesday", "the harbour", "Dana Holt", "STR", "Pool"]
credit_bits = st.sampled_from(
    SHARED_BITS + PROSE_BITS + ["=", "Seoul", "Photo: ", "Source: ", "(", ")", "[file]", "연합뉴스", "新华社", "·"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(credit_bits, st.text(max_size=6)), max_size=12).map("".join))
def test_none_only_where_the_parse_holds_an_unread_piece(text):
    found = readable_credit(text, REGISTRY)
    parsed = parse_credit(text, REGISTRY)
    if found is None:
        assert UNKNOWN in [p.label for p in parsed.pieces]
        assert not credit_is_valid(parsed) and not credit_is_valid(parsed, standalone=True)
    else:
        assert found is parsed


plain_bits = st.sampled_from(
    SHARED_BITS
    + PROSE_BITS
    + ["- ", "-", "; ", "via", "Photo - ", "Photo / ", "SOURCE ", " | ", "Photo ", "Photo by ", "Image source, "]
    + ["...", ". AFP"]
)
plain_text = st.lists(plain_bits, min_size=1, max_size=8).map("".join)


def _plain(text):
    """As the trailing-credit search requires: ASCII, none of these characters, and no two
    separators that each need a space on both sides in a row ("via via", "- -")."""
    return text.isascii() and not set("()[]{}*:=") & set(text) and not re.search(r"(?i)(?:-|via)\s+(?:-|via)", text)


@settings(max_examples=200, deadline=None)
@given(plain_text, plain_text, st.sampled_from([" ", ""]))
def test_an_unread_inner_piece_stays_in_every_longer_plain_run(shorter, before, glue):
    """What lets the trailing-credit search stop early: in plain text (ASCII; no brackets, '*', ':'
    or '='), a piece between two separators of a run is a piece of any run that ends the same way."""
    shorter, longer = shorter.strip(), (before + glue + shorter.strip()).strip()
    if not shorter or not _plain(longer) or not unread_inner_piece(shorter, REGISTRY):
        return
    assert readable_credit(longer, REGISTRY) is None
    assert not credit_is_valid(parse_credit(longer, REGISTRY))
