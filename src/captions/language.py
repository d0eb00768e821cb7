"""Which language a caption is written in: script first, then common words."""
from __future__ import annotations

import re
from functools import lru_cache

from . import vocab


@lru_cache(maxsize=None)
def _stopwords() -> dict[str, frozenset[str]]:
    return {r["lang"]: frozenset(r["words"].split()) for r in vocab.rows("stopwords.csv")}


def detect_language(text: str) -> str:
    """ISO 639-1 code, or "" when the text gives nothing to go on."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return ""
    def share(pattern: str) -> float:
        return len(re.findall(pattern, text)) / len(letters)
    if share(r"[\u3040-\u30ff]") > 0.05:
        return "ja"
    if share(r"[\uac00-\ud7af]") > 0.2:
        return "ko"
    if share(r"[\u4e00-\u9fff]") > 0.2:
        return "zh"
    if share(r"[\u0600-\u06ff]") > 0.3:
        return "fa" if re.search(r"[پچژگ]", text) else "ar"
    if share(r"[\u0400-\u04ff]") > 0.3:
        return "uk" if re.search(r"[єіїґ]", text) else "ru"
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if not words:
        return ""
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _stopwords().items()}
    # Norwegian and Danish share most small words: their spellings tell them apart.
    if scores.get("no", 0) and scores.get("da", 0):
        if re.search(r"\b(?:af|blev|efter|nyhedsbureau|også)\b|æ[gr]\b", text.casefold()):
            scores["da"] += 2
        else:
            scores["no"] += 1
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else "en"
