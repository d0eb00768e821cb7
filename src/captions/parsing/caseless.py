"""Case-insensitive search of long phrase alternations, fast where nothing matches.

Python's `re` tries every branch of an alternation at every position, and with IGNORECASE it
cannot skip ahead to the characters a branch may start with: the disclaimer, boilerplate and
credit-label lists cost 50-130 µs per caption that way.  The same pattern with its literals
lower-cased, run over the lower-cased text without IGNORECASE, finds the same places about four
times faster.  It only says *whether* there is a match; the match itself, with the caption's own
letters, comes from the IGNORECASE pattern, run only then.

Before that, one pass of an Aho-Corasick automaton looks for the literal words every match must
hold ("independently", "editor"): a caption that holds none of them cannot match, and most hold
none, so the alternation is not run at all.

In ASCII text the folded pattern matches the lower-cased text exactly where the pattern matches the
text, with the same span: there the folded search finds the match, and the pattern itself is only
tried at that one place (its lookbehinds still see the text before it).  And where a match can be
no longer than a known width, it cannot start before the first literal's end less that width.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import ahocorasick

from .literal_filter import most_telling, required_words, sre_constants, sre_parse

_GROUP_NAME = re.compile(r"\(\?P(?:<\w+>|=\w+\))")


def fold_pattern(source: str) -> str:
    """`source` with its letters lower-cased; escapes ("\\S", "\\W") and group names kept.  A letter
    written as an escape ("\\x41") stays as written: write letters as letters in the vocabularies."""
    out, i = [], 0
    while i < len(source):
        name = _GROUP_NAME.match(source, i) if source.startswith("(?P", i) else None
        if name:
            out.append(name.group(0))
            i = name.end()
        elif source[i] == "\\" and i + 1 < len(source):
            out.append(source[i : i + 2])
            i += 2
        else:
            out.append(source[i].lower())
            i += 1
    return "".join(out)


class Caseless:
    """A pattern matched case-insensitively, with a fast negative answer."""

    def __init__(self, source: str, flags: int = 0):
        self.pattern = re.compile(source, flags | re.IGNORECASE)
        folded = fold_pattern(source)
        self._folded = re.compile(folded, flags)
        self._literals = literal_prefilter(folded, flags)
        self._width = longest_match(folded, flags)
        self._folds_ascii = folds_like_ascii(source)

    def _search_from(self, lowered: str, pos: int) -> int | None:
        """Where in the lower-cased text a match may start at the earliest (None: nowhere)."""
        if self._literals is None:
            return pos
        hit = next(self._literals.iter(lowered, pos), None)
        if hit is None:
            return None  # a match from `pos` on would hold one of the literals
        # the literal that ends first ends at hit[0]; a match holds a literal and spans at most the width
        return pos if self._width is None else max(pos, hit[0] + 1 - self._width)

    def _may_match(self, text: str, pos: int) -> bool:
        lowered = text.lower()
        if len(lowered) != len(text):  # "İ" lower-cases to two characters: positions would shift
            return True
        start = self._search_from(lowered, pos)
        return start is not None and self._folded.search(lowered, start) is not None

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        if not text.isascii():
            return self.pattern.search(text, pos) if self._may_match(text, pos) else None
        lowered = text.lower()
        start = self._search_from(lowered, pos)
        found = None if start is None else self._folded.search(lowered, start)
        return None if found is None else self.pattern.match(text, found.start())

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match]:
        if not text.isascii():
            return self.pattern.finditer(text, pos) if self._may_match(text, pos) else iter(())
        lowered = text.lower()
        start = self._search_from(lowered, pos)
        if start is None:
            return iter(())
        return _matches_at(self.pattern, text, self._folded.finditer(lowered, start))

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        """`pattern.match`, which the folded pattern may first rule out (in ASCII text)."""
        if self._folds_ascii and text.isascii() and self._folded.match(text.lower(), pos) is None:
            return None
        return self.pattern.match(text, pos)

    def sub(self, repl, text: str) -> str:
        return self.pattern.sub(repl, text) if self._may_match(text, 0) else text


def _matches_at(pattern: re.Pattern, text: str, places: Iterator[re.Match]) -> Iterator[re.Match]:
    for place in places:
        m = pattern.match(text, place.start())
        if m is not None:  # always, in ASCII text
            yield m


def folds_like_ascii(source: str) -> bool:
    """Does lower-casing the pattern keep what it matches in ASCII text?  Not when it holds a letter
    that matches an ASCII one only without case: "ı" matches "I", "ſ" matches "s", "K" (Kelvin) "k"."""
    return not any(_ASCII_LETTER.fullmatch(c) for c in set(source) if not c.isascii())


# Precompiled: a pattern per character would crowd re's own cache of the module-level patterns.
_ASCII_LETTER = re.compile("[a-z]", re.IGNORECASE)


def longest_match(source: str, flags: int = 0) -> int | None:
    """The most characters a match of `source` can span (None: no bound, or not known)."""
    try:
        width = sre_parse.parse(source, flags).getwidth()[1]
    except re.error:
        return None
    return width if width < sre_constants.MAXREPEAT else None


def literal_prefilter(source: str, flags: int = 0) -> ahocorasick.Automaton | None:
    """An automaton of words one of which every match of `source` holds, inside the match itself
    (literal_filter.required_words), or None when the pattern has no such words of two characters
    or more.  The words are lower-cased, as the text it runs over is."""
    try:
        clauses = required_words(source, flags, lookaround=False)
    except re.error:
        return None
    if not clauses:
        return None
    automaton = ahocorasick.Automaton()
    for word in most_telling(clauses):
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton
