"""Inputs built to make a careless parser quadratic or recursive: each must finish and give a sane
record.  Sizes are ~50k characters; how the time grows with size is measured in benchmarks, not here."""

import pytest

from captions import parse_caption
from captions.organisations.registry import AgencyRegistry
from captions.parsing import credit_text
from captions.parsing.credit import parse_credit
from captions.parsing.find import find_captions
from captions.parsing.split import split_sentences

REGISTRY = AgencyRegistry.default()


@pytest.mark.parametrize(
    "text,why",
    [
        ("A. " * 16000, "single-letter initials never end a sentence: one long run"),
        ("Mr. " * 12500, "abbreviations in a row: only the word before each stop is looked at"),
    ],
)
def test_sentence_split_of_abbreviation_runs(text, why):
    sentences = split_sentences(text)
    assert " ".join(sentences).split() == text.split()


@pytest.mark.parametrize(
    "text,expected,why",
    [
        ("(" * 25000 + "AP" + ")" * 25000, "AP", "nested brackets are peeled in one pass"),
        ("- " * 25000 + "Reuters", "Reuters", "a run of bullets"),
        ("**(Xinhua)**", "Xinhua", "bold around brackets"),
        ("(a) (b)", "(a) (b)", "two bracket groups are not one wrapper"),
        ("REUTERS/Dana Holt", "REUTERS/Dana Holt", "nothing wraps a plain credit"),
        ("Dana Holt/AFP via", "Dana Holt/AFP", "a dangling via is cut off"),
        ("Dana Holt/AFP VIA", "Dana Holt/AFP", "in capitals too"),
        ("Dana Holt/AFP, ", "Dana Holt/AFP", "a stray separator at the end"),
        ("| KCNA", "KCNA", "a stray separator at the start"),
    ],
)
def test_unwrap(text, expected, why):
    assert credit_text.unwrap(text) == expected


@pytest.mark.parametrize(
    "credit",
    [
        "John Doe " + "pool " * 10000,
        "a by " * 10000,
        "handout " * 10000,
        "Name for " * 6000,
    ],
)
def test_credit_with_repeated_markers_does_not_recurse(credit):
    parsed = parse_credit(credit, REGISTRY)
    assert parsed.raw == credit.strip()


def test_caption_with_a_runaway_credit_is_unknown_not_independent():
    record = parse_caption("Fans wait in the rain in Ostrava. John Doe " + "pool " * 10000)
    assert record.provenance.level != "independent"


def test_many_copyright_signs_in_an_article():
    found = find_captions("© zz " * 10000, REGISTRY)
    assert isinstance(found, list)
