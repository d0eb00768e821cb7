"""Organisations that the description says produced or released the image.

"In this photo provided by the North Korean government", "a picture released by the North's
official KCNA news agency", "this image made from video aired by North Korea's KRT",
"Dieses von ... Sputnik via AP herausgegeben Foto": these name links of the chain that the
credit line may leave out (a still from state TV credited only to the agency that passed it on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..organisations.registry import Agency, AgencyRegistry
from .caseless import Caseless
from .literal_filter import LiteralFilter
from .name_shapes import GOVERNMENT_WORDS, guess_org_kind

# X follows the phrase.
_BEFORE_X = [
    re.compile(
        r"\b(?:photo|photograph|picture|image|still|screen ?grab|screenshot|footage|video|frame|handout|this)s?\b"
        r"(?:[^.;]|\.(?!\s+[A-Z])){0,60}?"
        r"\b(?:released|provided|distributed|issued|published|supplied|handed out|made available|"
        r"taken|captured|made|obtained|aired|broadcast|shot)\b(?:[^.;]|\.(?!\s+[A-Z])){0,40}?\b(?:by|from)\s+",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:photo|photograph|picture|image|screen ?grab|screengrab|still|footage|frame)s?\s+(?:from|courtesy of)\s+",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:aired|broadcast|televised)\s+(?:by|on)\s+", re.IGNORECASE),
    re.compile(r"\b(?:utgitt|publisert|offentliggjort|udsendt|frigitt|delt|utdelt)\s+(?:av|af)\s+", re.IGNORECASE),
    re.compile(r"\b(?:publiée?s?|diffusée?s?|fournie?s?|transmise?s?|prise?s?)\s+par\s+", re.IGNORECASE),
    re.compile(r"\b(?:difundida|publicada|distribuida|proporcionada|facilitada|divulgada)\s+por\s+", re.IGNORECASE),
    re.compile(r"\b(?:diffusa|pubblicata|fornita|distribuita)\s+da(?:l|lla|ll')?\s+", re.IGNORECASE),
]
# X comes before the phrase (German participles, Japanese particles).
_AFTER_X = [
    re.compile(r"\s+(?:herausgegeben|veröffentlicht|verbreitet|zur Verfügung gestellt)(?:e[nrs]?)?\b", re.IGNORECASE),
    re.compile(r"(?:が|により|から)(?:公開|配信|提供)"),
]
# Korean and Japanese glue a particle to X: "노동신문이 10일 보도한", "조선중앙통신은 … 배포했다",
# "KNS를 통해 배포됐다" (via KNS), "朝鮮中央通信が１９日に配信した".  Each pattern is a lookahead
# tried at every word start, so that "사진은 조선중앙통신이 … 배포했다" (the photo, KCNA distributed)
# finds the agency although "사진은" opens a phrase of the same shape; each try is bounded.
_PARTICLE_X = [
    re.compile(
        r"(?<![가-힣A-Za-z0-9])(?=(?P<phrase>(?P<org>[가-힣A-Za-z0-9]{2,12}?)(?:이|가|은|는)\s+(?:[^.。\n]{0,30}?)"
        r"(?:보도|배포|공개|전했|전한|게재|방영|공개했)))"
    ),
    re.compile(
        r"(?<![가-힣A-Za-z0-9])(?=(?P<phrase>(?P<org>[가-힣A-Za-z0-9]{2,12}?)(?:를|을)\s+통해\s+(?:[^.。\n]{0,20}?)"
        r"(?:배포|공개|보도)))"
    ),
    re.compile(
        r"(?=(?P<phrase>(?P<org>[\u3040-\u30ff\u3400-\u9fffA-Za-z0-9]{2,12}?)(?:が|により)[^。、]{0,12}?"
        r"(?:公開|配信|提供|報じ)))"
    ),
]
# Most descriptions hold none of these phrases: one caseless search of them all says so.
_ANY_PHRASE = Caseless(
    "|".join(f"(?:{p.pattern})" for p in _BEFORE_X + _AFTER_X)
    + r"|보도|배포|공개|전했|전한|게재|방영|公開|配信|提供|報じ"
)
_STOP = re.compile(
    r"[.;,:(](?:\s|$)|\s(?:on|in|at|shows?|to|for|during|of the event)\s"
    r"|\d|\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b",
    re.IGNORECASE,
)


_SENTENCE_END = re.compile(r"[.;]\s")
_CHAIN_GAP = re.compile(r"\s*(?:\(|\)|\s|via|/|,)*\s*", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|det|den|der|die|das|le|la|les|el|il)\s+", re.IGNORECASE)


@cache
def _phrase_words() -> LiteralFilter:
    """The words those phrases need, found in one pass (the caseless search runs only where they
    are); built on first use, not at import."""
    sources = [p.pattern for p in _BEFORE_X + _AFTER_X] + ["보도|배포|공개|전했|전한|게재|방영|公開|配信|提供|報じ"]
    return LiteralFilter(sources, re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    agency: Agency
    phrase: str  # the words of the caption that say so


def find_attributions(description: str, registry: AgencyRegistry) -> list[Attribution]:
    out: list[Attribution] = []
    candidates = set(_phrase_words().candidates(description))
    if not candidates:
        return out
    # outside ASCII a pattern's IGNORECASE and the caseless search's lower-casing may part ("ſ"
    # matches "s"): there the caseless search of them all decides, as before the filter
    if not description.isascii() and _ANY_PHRASE.search(description) is None:
        return out
    for i, pattern in enumerate(_BEFORE_X):
        if i not in candidates:
            continue
        for m in pattern.finditer(description):
            window = description[m.end() : m.end() + 90]
            out += _resolve(window, m.group(0) + window, registry, after=True)
    for i, pattern in enumerate(_AFTER_X, len(_BEFORE_X)):
        if i not in candidates:
            continue
        for m in pattern.finditer(description):
            start = max(0, m.start() - 90)
            window = description[start : m.start()]
            cut = max(window.rfind(". "), window.rfind("; "))
            window = window[cut + 1 :] if cut >= 0 else window
            out += _resolve(window, window + m.group(0), registry, after=False)
    if len(_BEFORE_X) + len(_AFTER_X) in candidates:  # the Korean and Japanese verbs
        out += _particle_attributions(description, registry)
    unique: list[Attribution] = []
    for a in sorted(out, key=lambda a: description.find(a.phrase[:20])):
        if a.agency.name not in {u.agency.name for u in unique}:
            unique.append(a)
    return unique


def _particle_attributions(description: str, registry: AgencyRegistry) -> list[Attribution]:
    out: list[Attribution] = []
    for pattern in _PARTICLE_X:
        for m in pattern.finditer(description):
            agency = _longest_known_ending(m.group("org"), registry)
            if agency is not None and all(a.agency.name != agency.name for a in out):
                out.append(Attribution(agency, m.group("phrase")))
    return out


def _longest_known_ending(word: str, registry: AgencyRegistry):
    """ "북한노동신문" or "中央通信": the longest known name the word ends with (a word is at most 12 characters)."""
    for start in range(len(word) - 1):
        agency = registry.lookup(word[start:])
        if agency is not None:
            return agency
    return None


def _resolve(window: str, phrase: str, registry: AgencyRegistry, after: bool) -> list[Attribution]:
    mentions = registry.find_in_text(window)
    if after:
        # the first organisation named after "by": "by the North's official KCNA news agency"
        stop = _SENTENCE_END.search(window)
        limit = stop.start() if stop else len(window)
        mentions = [m for m in mentions if m[0] < limit]
        if mentions:
            chained = [mentions[0]]
            for m in mentions[1:]:
                gap = window[chained[-1][1] : m[0]]
                if _CHAIN_GAP.fullmatch(gap) or m[2].name == chained[-1][2].name:
                    chained.append(m)
            mentions = chained
            if window[: mentions[0][0]].count(",") > 1 or len(window[: mentions[0][0]].split()) > 8:
                mentions = []
    if mentions:
        names, out = set(), []
        for _, _, agency in mentions:
            if agency.name not in names:
                names.add(agency.name)
                out.append(Attribution(agency, phrase.strip()))
        return out
    if not after:
        return []
    stop = _STOP.search(window)
    target = window[: stop.start()] if stop else window
    target = _ARTICLE.sub("", target.strip(" ,"))
    target = target.strip(" ,")
    if not target or len(target.split()) > 6 or not GOVERNMENT_WORDS.search(target):
        return []
    name = target
    agency = registry.lookup(name) or Agency.unregistered(name, kind=guess_org_kind(name))
    return [Attribution(agency, phrase.strip())]
