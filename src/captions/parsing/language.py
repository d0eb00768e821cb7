"""Which language a caption is written in: script first, then common words.

The scripts, the small words of each language and the spellings that tell close neighbours apart
(Persian from Arabic, Ukrainian from Russian, Danish from Norwegian) are data files.
"""

from __future__ import annotations

import re
from functools import cache

from .. import vocab


def _data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a data file, without its comment lines."""
    return [r for r in vocab.rows(name) if not next(iter(r.values()), "").startswith("#")]


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    return {r["lang"]: frozenset(r["words"].split()) for r in vocab.rows("stopwords.csv")}


@cache
def _languages_of_word() -> dict[str, tuple[str, ...]]:
    """Each stop word and the languages it belongs to: one lookup per word of the caption."""
    index: dict[str, list[str]] = {}
    for lang, words in _stopwords().items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def _script_range(row: dict[str, str]) -> str:
    return f"\\u{row['first']}-\\u{row['last']}"


@cache
def _scripts() -> tuple[tuple[re.Pattern, float, str], ...]:
    """(a character of the block, share of the letters, language), in the order they are tried."""
    return tuple((re.compile(f"[{_script_range(r)}]"), float(r["share"]), r["lang"]) for r in _data_rows("scripts.csv"))


@cache
def _any_script() -> re.Pattern:
    """A character of any of the blocks: one class, which re tests at each position in one step (an
    alternation of a class per block tried each in turn at every position of the caption)."""
    return re.compile("[" + "".join(_script_range(r) for r in _data_rows("scripts.csv")) + "]")


@cache
def _markers() -> tuple[tuple[str, str, re.Pattern], ...]:
    """(language, the neighbour it is told from, its spellings): ("fa", "ar", ...)."""
    parts: dict[tuple[str, str], list[str]] = {}
    for r in _data_rows("language_markers.csv"):
        text = re.escape(r["text"])
        piece = {"word": rf"\b{text}\b", "ending": rf"{text}\b"}.get(r["kind"], text)
        parts.setdefault((r["lang"], r["parent"]), []).append(piece)
    return tuple((lang, parent, re.compile("|".join(pieces))) for (lang, parent), pieces in parts.items())


_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+")
# The same words in case-folded ASCII text, where a letter is one of these: a range is tested faster
# than the Unicode categories of the class above.
_ASCII_WORDS = re.compile(r"[a-z]+")


def detect_language(text: str) -> str:
    """ISO 639-1 code, or "" when the text gives nothing to go on."""
    if not _LETTER.search(text):
        return ""
    if _any_script().search(text):
        by_script = _by_script(text)
        if by_script:
            return by_script
    folded = text.casefold()
    words = (_ASCII_WORDS if text.isascii() else _WORDS).findall(folded)
    if not words:
        return ""
    scores = dict.fromkeys(_stopwords(), 0)
    index = _languages_of_word()
    for word in words:
        for lang in index.get(word, ()):
            scores[lang] += 1
    _tell_neighbours_apart(scores, folded)
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > 0 else "en"


def _by_script(text: str) -> str:
    letters = sum(1 for c in text if c.isalpha())
    for pattern, share, lang in _scripts():
        if len(pattern.findall(text)) / letters > share:
            return next(
                (variant for variant, parent, marks in _markers() if parent == lang and marks.search(text)), lang
            )
    return ""


def _tell_neighbours_apart(scores: dict[str, int], folded: str) -> None:
    """Languages that share most small words (Norwegian, Danish, Icelandic) are told apart by
    their spellings; without any, the neighbour they are told from keeps a small lead."""
    for lang, parent, marks in _markers():
        if scores.get(lang, 0) and scores.get(parent, 0):
            if marks.search(folded):
                scores[lang] += 2
            else:
                scores[parent] += 1
