"""Which language a caption is written in: script first, then common words."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import vocab


@lru_cache(maxsize=None)
def _stopwords() -> dict[str, frozenset[str]]:
    return {r["lang"]: frozenset(r["words"].split()) for r in vocab.rows("stopwords.csv")}


@lru_cache(maxsize=None)
def _languages_of_word() -> dict[str, tuple[str, ...]]:
    """Each stop word and the languages it belongs to: one lookup per word of the caption."""
    index: dict[str, list[str]] = {}
    for lang, words in _stopwords().items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+")
_NON_LATIN = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_SCRIPTS = [  # (pattern, share of the letters, language), tried in this order
    (re.compile(r"[\u3040-\u30ff]"), 0.05, "ja"),
    (re.compile(r"[\uac00-\ud7af]"), 0.2, "ko"),
    (re.compile(r"[\u4e00-\u9fff]"), 0.2, "zh"),
    (re.compile(r"[\u0600-\u06ff]"), 0.3, "ar"),
    (re.compile(r"[\u0400-\u04ff]"), 0.3, "ru"),
]
_SCRIPT_VARIANT = {"ar": (re.compile(r"[پچژگ]"), "fa"), "ru": (re.compile(r"[єіїґ]"), "uk")}
_DANISH = re.compile(r"\b(?:af|blev|efter|nyhedsbureau|også)\b|æ[gr]\b")


def detect_language(text: str) -> str:
    """ISO 639-1 code, or "" when the text gives nothing to go on."""
    if not _LETTER.search(text):
        return ""
    if _NON_LATIN.search(text):
        letters = sum(1 for c in text if c.isalpha())
        for pattern, share, lang in _SCRIPTS:
            if len(pattern.findall(text)) / letters > share:
                variant = _SCRIPT_VARIANT.get(lang)
                return variant[1] if variant and variant[0].search(text) else lang
    folded = text.casefold()
    words = _WORDS.findall(folded)
    if not words:
        return ""
    scores = dict.fromkeys(_stopwords(), 0)
    index = _languages_of_word()
    for word in words:
        for lang in index.get(word, ()):
            scores[lang] += 1
    # Norwegian and Danish share most small words: their spellings tell them apart.
    if scores.get("no", 0) and scores.get("da", 0):
        if _DANISH.search(folded):
            scores["da"] += 2
        else:
            scores["no"] += 1
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else "en"
