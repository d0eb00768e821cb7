"""Which of many patterns may match a text, from the literal words each of them needs.

A case-insensitive pattern such as "cannot be independently (?:verified|confirmed)" can only
match a text that holds "cannot be independently " and one of "verified", "confirmed".  The
words every match must hold are read from the pattern itself (its parse tree), all patterns'
words go into one automaton, and one pass over the lower-cased text says which patterns have
all their words present.  Only those are run.  The filter never drops a pattern that could match,
so the answers stay those of running every pattern; it only saves running the ones that cannot.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from functools import cache

import ahocorasick

# the parser behind `re` (public as sre_parse until Python 3.11): it gives a pattern's parse tree
_NEW = sys.version_info >= (3, 11)
sre_parse = importlib.import_module("re._parser" if _NEW else "sre_parse")
sre_constants = importlib.import_module("re._constants" if _NEW else "sre_constants")

try:  # characters IGNORECASE holds equal beyond lower-casing ("ſ" and "s", "ı" and "i")
    _EXTRA_CASES: dict[int, tuple[int, ...]] | None = importlib.import_module("re._casefix")._EXTRA_CASES
except (ImportError, AttributeError):  # pragma: no cover - before Python 3.11
    _EXTRA_CASES = None

Clause = frozenset[str]  # one of these words is in every match
_SHORTEST = 2  # a one-letter word says nothing: a clause holding one is dropped
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None))


def required_words(source: str, flags: int = 0, lookaround: bool = True) -> list[Clause]:
    """Clauses, each a set of lower-case words of which every match of `source` holds one.
    `lookaround=False` keeps only words inside the match itself, not in a lookahead or lookbehind
    (where a hit is used to place the match: caseless.Caseless)."""
    return _sequence(sre_parse.parse(source, flags).data, lookaround)


def most_telling(clauses: list[Clause]) -> Clause:
    """The clause whose shortest word is longest: the rarest to find by chance."""
    return max(clauses, key=lambda clause: min(map(len, clause)))


def _sequence(items, lookaround: bool) -> list[Clause]:
    clauses: list[Clause] = []
    run: list[str] = []
    for op, av in items:
        if op is sre_constants.LITERAL:
            run.append(chr(av).lower())
            continue
        _add(clauses, frozenset({"".join(run)}))
        run = []
        clauses += _item(op, av, lookaround)
    _add(clauses, frozenset({"".join(run)}))
    return clauses


def _item(op, av, lookaround: bool) -> list[Clause]:
    if op is sre_constants.SUBPATTERN:
        return _sequence(av[-1].data, lookaround)
    if op is sre_constants.ASSERT and lookaround:  # a lookahead or lookbehind must match too
        return _sequence(av[1].data, lookaround)
    if op in _REPEATS and av[0] >= 1:
        return _sequence(av[2].data, lookaround)
    if op is sre_constants.BRANCH:
        # a match holds one branch: one clause of each branch, together, is a clause of the whole
        words: set[str] = set()
        for branch in av[1]:
            options = _sequence(branch.data, lookaround)
            if not options:
                return []
            words |= most_telling(options)
        return [frozenset(words)]
    return []


def _add(clauses: list[Clause], clause: Clause) -> None:
    if clause and min(map(len, clause)) >= _SHORTEST:
        clauses.append(clause)


class LiteralFilter:
    """The patterns (given by their sources) that may match a text.

    Each pattern's most telling clause (the one with the longest words) goes into the automaton;
    its other clauses are checked, as substrings, only for the patterns the automaton points to."""

    def __init__(self, sources: Sequence[str], flags: int = 0) -> None:
        self.sources = tuple(sources)
        self.clauses = [required_words(s, flags) for s in sources]
        self._always: list[int] = []
        self._rest: list[list[Clause]] = []
        by_word: dict[str, list[int]] = {}
        for i, clauses in enumerate(self.clauses):
            if not clauses:
                self._always.append(i)
                self._rest.append([])
                continue
            gate = most_telling(clauses)
            self._rest.append([c for c in clauses if c is not gate])
            for word in gate:
                by_word.setdefault(word, []).append(i)
        self._all = list(range(len(sources)))
        self._odd: frozenset[str] | None = None
        self._automaton = ahocorasick.Automaton()
        for word, indexes in by_word.items():
            self._automaton.add_word(word, tuple(indexes))
        self._searching = bool(by_word)
        if by_word:
            self._automaton.make_automaton()

    def candidates(self, text: str) -> list[int]:
        """Indexes, in order, of the patterns whose words are all in `text`."""
        lowered = text.lower()
        if len(lowered) != len(text) or not text.isascii() and not self._odd_letters().isdisjoint(text):
            return self._all  # "İ" lower-cases to two characters; "ſ" matches "s" but is not "s" lower-cased
        hit = set(self._always)
        if self._searching:
            for _, indexes in self._automaton.iter(lowered):
                hit.update(indexes)
        rest = self._rest
        return [
            i for i in sorted(hit) if not rest[i] or all(any(word in lowered for word in clause) for clause in rest[i])
        ]

    def _odd_letters(self) -> frozenset[str]:
        """Letters of a text that IGNORECASE matches to a letter of the words, although lower-casing
        does not make them that letter ("ſ" for "s"); everything outside ASCII without the table."""
        if self._odd is None:
            self._odd = _odd_letters(frozenset("".join(w for cs in self.clauses for c in cs for w in c)))
        return self._odd


def _odd_letters(letters: frozenset[str]) -> frozenset[str]:
    if _EXTRA_CASES is None:
        return frozenset(chr(c) for c in range(128, 0x10000))
    return _lowering_to(frozenset(chr(v) for ch in letters for v in _EXTRA_CASES.get(ord(ch), ())))


# Where the letters are that lower-case to a letter IGNORECASE holds equal to another (Latin, Greek,
# Cyrillic, the Cyrillic and Latin supplements, two ligatures): a pass over these takes ~3 ms,
# over the whole Basic Multilingual Plane 40 ms (tests/test_literal_filter.py checks they agree).
CASE_FOLD_BLOCKS = ((0, 0x2000), (0xA640, 0xA6A0), (0xFB00, 0xFB50))


@cache
def _lowering_to(targets: frozenset[str]) -> frozenset[str]:
    """The characters that lower-case to one of `targets`."""
    if not targets:
        return frozenset()
    return frozenset(chr(c) for lo, hi in CASE_FOLD_BLOCKS for c in range(lo, hi) if chr(c).lower() in targets)
