"""One pass over a text for every alias of the registry (an Aho-Corasick automaton).

The automaton runs over the folded, lower-cased text (see folding.py); each hit is then checked
against the rules of its script and its case:

- Latin, Cyrillic, Greek and other spaced scripts: the alias must stand as a whole word.
- Chinese and Japanese (and Thai, Lao, Khmer, Burmese) have no spaces between words, so an alias
  matches inside a run of those characters; only a one- or two-character alias (共同, 時事) must
  not touch another such character, since those pairs are also ordinary words (共同声明).
- Korean writes particles onto the noun (연합뉴스는): the alias must start a word, may end anywhere.
- Arabic script writes the conjunctions and prepositions و ف ب ل ك onto the word: one of them
  may come before the alias; otherwise the alias stands as a whole word.
- Short aliases (up to five letters), aliases marked exact and names that are also ordinary
  words ("Star", "Mail", "Mehr") only count when written in the case of the registry; an
  everyday word in a script without case (فارس, مهر) never counts in running text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import ahocorasick

from .. import vocab
from .folding import Folded, fold_with_positions

_PROCLITICS = frozenset("وفبلك")


def script_of(ch: str) -> str:
    """ "unspaced" (Han, kana, Thai ...), "hangul", "arabic" or "spaced" for every other script."""
    o = ord(ch)
    if o < 0x0600:
        return "spaced"  # Latin, Greek, Cyrillic ...: most of what is asked, before every range below
    if (
        0x3040 <= o <= 0x30FF
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x31F0 <= o <= 0x31FF
        or 0xFF66 <= o <= 0xFF9F
        or 0x20000 <= o <= 0x3FFFF
        or 0x0E00 <= o <= 0x0EFF
        or 0x1000 <= o <= 0x109F
        or 0x1780 <= o <= 0x17FF
    ):
        return "unspaced"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFC:
        return "arabic"
    return "spaced"


@cache
def ordinary_words() -> frozenset[str]:
    """Outlet names that are also everyday words: matched in running text only in the registry's case."""
    return vocab.words("ordinary_alias_words.txt")


@dataclass(frozen=True)
class AliasEntry:
    spelling: str  # folded, case kept
    agency: str  # canonical name
    exact: bool  # only in this case (short, marked exact, or an ordinary word)


def needs_exact_case(folded_spelling: str, marked_exact: bool) -> bool:
    """Short names, names marked exact, everyday words and "The" + one word ("The Australian")."""
    if marked_exact:
        return True
    cased = any(ch.lower() != ch.upper() for ch in folded_spelling)
    if not cased:
        return False
    folded = folded_spelling.casefold()
    words = folded.split()
    return len(folded_spelling) <= 5 or folded in ordinary_words() or (len(words) == 2 and words[0] == "the")


def _uncased_everyday_word(spelling: str) -> bool:
    """An everyday word in a script without capitals (فارس, the province; مهر, the month): no case
    can tell the agency from the word in running text, so only a whole credit equal to it counts."""
    return spelling.casefold() in ordinary_words() and not any(ch.lower() != ch.upper() for ch in spelling)


def _left_ok(text: str, start: int, key: str) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    script = script_of(key[0])
    if script == "unspaced":
        return len(key) > 2 or script_of(before) != "unspaced"
    if script == "hangul":
        return script_of(before) != "hangul"
    if script == "arabic":
        if script_of(before) != "arabic" or not before.isalpha():
            return True
        return before in _PROCLITICS and (start < 2 or not text[start - 2].isalpha())
    if before in "@./-_":
        return False
    return not (before.isalnum() and script_of(before) == "spaced")


def _right_ok(text: str, end: int, key: str) -> bool:
    if end >= len(text):
        return True
    after = text[end]
    script = script_of(key[-1])
    if script == "unspaced":
        return len(key) > 2 or script_of(after) != "unspaced"
    if script == "hangul":
        return True
    if script == "arabic":
        return not (after.isalpha() and script_of(after) == "arabic")
    if after in "@-_":
        return False
    return not (after.isalnum() and script_of(after) == "spaced")


@dataclass(frozen=True)
class Hit:
    start: int  # span in the original text
    end: int
    agency: str
    folded: bool  # the span held invisible or look-alike characters


class AliasMatcher:
    def __init__(self, spellings: list[tuple[str, str, bool]]):
        """spellings: (alias as written, canonical name, marked exact)."""
        table: dict[str, list[AliasEntry]] = {}
        for spelling, agency, marked in spellings:
            folded = fold_with_positions(spelling)
            if len(folded.text.strip()) < 2 or _uncased_everyday_word(folded.text):
                continue
            entry = AliasEntry(folded.text, agency, needs_exact_case(folded.text, marked))
            table.setdefault(folded.lower, []).append(entry)
        self._automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            # an alias written exactly wins over the same letters in another case ("KEYSTONE" / "Keystone")
            entries.sort(key=lambda e: not e.exact)
            self._automaton.add_word(key, (key, tuple(entries)))
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    def find(self, text: str) -> list[Hit]:
        if self._empty or not text:
            return []
        folded = fold_with_positions(text)
        candidates = []
        for last, (key, entries) in self._automaton.iter(folded.lower):
            start, end = last - len(key) + 1, last + 1
            if not (_left_ok(folded.text, start, key) and _right_ok(folded.text, end, key)):
                continue
            written = folded.text[start:end]
            entry = next((e for e in entries if not e.exact or e.spelling == written), None)
            if entry is not None:
                candidates.append((start, -end, entry.agency))
        return _longest_first(candidates, folded)


def _longest_first(candidates: list[tuple[int, int, str]], folded: Folded) -> list[Hit]:
    """Non-overlapping matches, longer names first: in "the Australian Defence Force" the force wins
    over the newspaper "The Australian" that starts earlier."""
    taken = bytearray(len(folded.text) + 1)
    chosen = []
    for start, neg_end, agency in sorted(candidates, key=lambda c: (c[1] + c[0], c[0])):
        end = -neg_end
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, agency))
    out = []
    for start, end, agency in sorted(chosen):
        o_start, o_end = folded.span(start, end)
        out.append(Hit(o_start, o_end, agency, folded.hidden_in(o_start, o_end)))
    return out
