"""Text folding before organisation names are matched (issue 17).

Credits copied from web pages and wire feeds carry characters a reader never sees: zero-width
spaces, soft hyphens, bidi controls, and Cyrillic or Greek letters that look like Latin ones
("KСNA" with a Cyrillic С).  Folding removes or replaces them so that the name still matches,
and keeps, for every folded character, the index of the original character it came from so
that a match can be reported in the caller's text.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from .. import vocab

# Never visible: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks and controls.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Joiners that Persian, Arabic and Indic spelling uses on purpose: removing them there is normal
# folding, not a sign of a doctored credit.
_SCRIPT_JOINERS = frozenset("\u200c\u200d")


@cache
def confusables() -> dict[str, str]:
    """Cyrillic and Greek letters that look like a Latin letter (UTS #39 style), from data."""
    return {row["char"]: row["latin"] for row in vocab.rows("confusables.csv")}


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and (ch.isascii() or "LATIN" in unicodedata.name(ch, ""))


@dataclass(frozen=True)
class Folded:
    text: str  # folded text, case kept
    lower: str  # the same, lower-cased character by character (same length)
    origin: tuple[int, ...]  # origin[i]: where in the original text folded character i starts
    ends: tuple[int, ...]  # ends[i]: where the original character (with its combining marks) ends
    hidden: tuple[int, ...]  # original indexes of characters removed or replaced as look-alikes

    @property
    def changed(self) -> bool:
        return bool(self.hidden)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span of folded characters start..end (end > start)."""
        return self.origin[start], self.ends[end - 1]

    def hidden_in(self, start: int, end: int) -> bool:
        """Whether the original span start..end contained a removed or look-alike character."""
        i = bisect_left(self.hidden, start)
        return i < len(self.hidden) and self.hidden[i] < end


def _clusters(text: str):
    """(index, cluster): a base character with its combining marks, so that NFKC can compose them."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        yield i, text[i:j]
        i = j


def _strip_and_normalise(text: str) -> tuple[list[str], list[int], list[int], list[int]]:
    """NFKC per cluster and invisible characters removed: (chars, origin, ends, hidden)."""
    chars: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    hidden: list[int] = []
    for i, cluster in _clusters(text):
        if cluster[0] in INVISIBLE:
            if not _script_joiner(text, i):
                hidden.append(i)
            elif cluster[0] == "\u200c":
                # a Persian ZWNJ separates the parts of a word: a space for matching purposes
                chars.append(" ")
                origin.append(i)
                ends.append(i + len(cluster))
            continue
        normal = unicodedata.normalize("NFKC", cluster) if not cluster.isascii() else cluster
        for ch in normal:
            chars.append(ch)
            origin.append(i)
            ends.append(i + len(cluster))
    return chars, origin, ends, hidden


def _script_joiner(text: str, i: int) -> bool:
    """A ZWNJ/ZWJ between two letters of a script that writes it (Persian, Arabic, Indic)."""
    if text[i] not in _SCRIPT_JOINERS:
        return False
    before = text[i - 1] if i > 0 else ""
    return (
        bool(before)
        and before.isalpha()
        and not _is_latin_letter(before)
        and before not in confusables()
        and not ("CYRILLIC" in unicodedata.name(before, "") or "GREEK" in unicodedata.name(before, ""))
    )


def _fold_look_alikes(chars: list[str], origin: list[int], hidden: list[int]) -> None:
    """Replace Cyrillic/Greek look-alikes inside a word that also has Latin letters.

    A word written wholly in Cyrillic ("ТАСС") is genuine Cyrillic and is left alone.
    """
    table = confusables()
    n, i = len(chars), 0
    while i < n:
        if not chars[i].isalpha():
            i += 1
            continue
        j = i
        while j < n and chars[j].isalpha():
            j += 1
        word = range(i, j)
        if any(chars[k] in table for k in word) and any(_is_latin_letter(chars[k]) for k in word):
            for k in word:
                if chars[k] in table:
                    chars[k] = table[chars[k]]
                    hidden.append(origin[k])
        i = j


def fold_with_positions(text: str) -> Folded:
    if text.isascii():
        # nothing to normalise, hide or confuse: the common case, kept cheap
        n = len(text)
        return Folded(text, text.lower(), tuple(range(n)), tuple(range(1, n + 1)), ())
    chars, origin, ends, hidden = _strip_and_normalise(text)
    _fold_look_alikes(chars, origin, hidden)
    lower = []
    for ch in chars:
        low = ch.lower()
        lower.append(low if len(low) == 1 else ch)  # "İ".lower() is two characters: keep one per position
    return Folded("".join(chars), "".join(lower), tuple(origin), tuple(ends), tuple(sorted(set(hidden))))


def strip_latin_accents(text: str) -> str:
    """ "Télam" -> "Telam", "Nhân Dân" -> "Nhan Dan": credits often drop accents of Latin letters.

    Only marks on Latin letters go; kana voicing marks, Arabic vowel signs and the like are
    part of the spelling.
    """
    if text.isascii():
        return text
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out and _is_latin_letter(out[-1]):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def fold_for_matching(text: str) -> tuple[str, bool]:
    """NFKC, hidden characters removed and Latin look-alikes folded: (folded text, whether it hid something).

    ``changed`` is true only for removed invisible characters and replaced look-alike letters:
    NFKC alone (full-width letters in Japanese text) is ordinary typesetting, not concealment.
    """
    folded = fold_with_positions(text)
    return folded.text, folded.changed
