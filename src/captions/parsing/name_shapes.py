"""Whether a name reads as a person or an organisation, and how to write it.

Credits and descriptions name people and bodies the registry does not know: "NICHOLAS KAMM",
"Staff Sgt. John Doe", "Chicago Tribune", "russiske forsvarsdepartementets pressetjeneste", "外務省".
These tests look only at the words of the name (data: org_words.txt, org_kinds.csv, titles.txt,
given_names.txt ...), never at the registry, so the credit parser, the attribution finder and the
name finder share them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import vocab
from ..organisations.registry import alias_key

_NAME_TOKEN_RE = re.compile(r"^(?:[^\W\d_](?:[^\W\d_]|['’.-])*|[^\W\d_]\.)$")


@cache
def _org_word_patterns() -> tuple[re.Pattern, ...]:
    """Whole head words ("Ministry"), stems inside compounds ("forsvarsdepartement*") and, for
    scripts that glue the head word to the name, word endings ("*省", "*부")."""
    words = vocab.words("org_words.txt")
    whole = sorted((w for w in words if not w.endswith("*") and not w.startswith("*")), key=len, reverse=True)
    stems = sorted(w[:-1] for w in words if w.endswith("*"))
    endings = sorted((w[1:] for w in words if w.startswith("*")), key=len, reverse=True)
    patterns = [re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in whole) + r")(?![\w.])")]
    if stems:
        patterns.append(re.compile("|".join(re.escape(s) for s in stems)))
    if endings:
        patterns.append(re.compile(r"\w(?:" + "|".join(re.escape(e) for e in endings) + r")(?!\w)"))
    return tuple(patterns)


@lru_cache(maxsize=8192)
def has_org_word(text: str) -> bool:
    """Does a name hold a word that makes it an organisation ("Tribune", "Ministry", "...departementets", "外務省")?"""
    folded = text.casefold()
    return any(p.search(folded) for p in _org_word_patterns())


_ORG_CONNECTORS = vocab.words("credit_org_connectors.txt")


# "Press Service of the 24th ... Brigade", "Ministry of Defence of ...": a head word, then "of"
_ORG_OF_RE = re.compile(
    r"^(?:\w+\s+){0,2}(?:service|ministry|office|department|command|press service|council)\s+of\s", re.IGNORECASE
)


_WEB_ADDRESS = re.compile(r"\w\.(?:com|org|net|gov|ru|cn|kp|ir|de|fr|uk|kr|jp)\b", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"(?<![A-Z])[.!?;:]\s|^\d|[:\d]{3,}")


@lru_cache(maxsize=16384)
def looks_like_org(text: str) -> bool:
    """A name the registry does not know, shaped like an organisation ("Chicago Tribune",
    "US Government", "russiske forsvarsdepartementets pressetjeneste"), not a sentence."""
    if _WEB_ADDRESS.search(text):
        return True
    if _NOT_A_NAME.search(text) or not has_org_word(text):
        return False
    tokens = text.split()
    if len(tokens) > 16 or (len(tokens) > 7 and not _ORG_OF_RE.match(text)):
        return False
    proper = all(_capital_or_caseless(t) or t.casefold() in _ORG_CONNECTORS for t in tokens)
    # "Bệnh viện", "Polizei Berlin": a capital first and a head word is enough for two or three words
    return (
        proper
        or bool(GOVERNMENT_WORDS.search(text))
        or (_capital_or_caseless(tokens[0]) and len(tokens) <= 3)
        or (len(tokens) <= 4 and has_org_word(tokens[0]))
    )  # "пресс-служба Кремля": the head word first


def _capital_or_caseless(token: str) -> bool:
    first = token[:1]
    return not first.isalpha() or first.isupper() or first.lower() == first.upper()


GOVERNMENT_WORDS = re.compile(
    r"government|ministry|ministère|ministerio|ministerium|departement|department|office|presidency|"
    r"presidential|press service|pressetjeneste|presstjänst|pressedienst|pressestelle|embassy|"
    r"white house|kremlin|army|navy|air force|military|marine|police|guard|forces|defen[cs]e|command|"
    r"council|parliament|administration|governor|mayor|city hall",
    re.IGNORECASE,
)


@cache
def _org_kind_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    kinds: dict[str, list[str]] = {}
    for row in vocab.rows("org_kinds.csv"):
        kinds.setdefault(row["kind"], []).append(row["word"].casefold())
    out = []
    for kind, words in kinds.items():
        # "*ministerium": inside a compound ("Bundesfinanzministerium"); other Latin words start a word
        latin = sorted((w for w in words if w.isascii() and not w.startswith("*")), key=len, reverse=True)
        other = sorted((w.lstrip("*") for w in words if not w.isascii() or w.startswith("*")), key=len, reverse=True)
        parts = [r"\b(?:" + "|".join(re.escape(w) for w in latin) + ")"] if latin else []
        parts += ["(?:" + "|".join(re.escape(w) for w in other) + ")"] if other else []
        out.append((kind, re.compile("|".join(parts))))
    return tuple(out)


@lru_cache(maxsize=4096)
def guess_org_kind(name: str) -> str:
    """Kind of an organisation the registry does not know, from the words of its name (data:
    org_kinds.csv); "party" is a party to the story that is neither the state nor the press."""
    folded = name.casefold()
    for kind, pattern in _org_kind_patterns():
        if pattern.search(folded):
            return kind
    return "other"


_NOT_NAME_WORDS = vocab.words("credit_not_name_words.txt")


@lru_cache(maxsize=16384)
def is_person_like(text: str) -> bool:
    """Could this be a person's name as credits write them ("NICHOLAS KAMM", "Wong Maye-E")?

    These tests are pure and cached: names and their words come back in run after run of the
    trailing-credit search and in credit after credit ("SARA PETROV", "Stringer")."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 5 or (len(tokens) == 1 and len(tokens[0].strip(".")) < 2):
        return False
    if _CJK_RE.fullmatch(text):
        return _cjk_name_shaped(text)
    shapes = [_token_shape(tok) for tok in tokens]
    if None in shapes:
        return False
    if "upper" in shapes:
        # capitals with an ordinary lower-case word among them is a phrase ("Kim Jong Un heads")
        return "lower" not in shapes
    # all lower case: "luong thai linh" as some platforms print it
    return all(t.isalpha() for t in tokens) and len(tokens) >= 2


MIXED_ACRONYM_RE = re.compile(r"[A-Z]{3}(?=.*[a-z])|(?<=[a-z])[-][A-Z]{3}")
_PARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ud|ul|bin|ibn|abu|d|l)[-'’][^\W\d_]")


@lru_cache(maxsize=16384)
def _token_shape(tok: str) -> str | None:
    """One word of a name: "upper" (capitalised), "particle" ("van", "al-"), "lower", or None (not a name word)."""
    bare = tok.strip(".,")
    if not bare or not _NAME_TOKEN_RE.match(tok.strip(",")):
        return None
    if tok.endswith(".") and len(bare) > 1 and bare.casefold() not in ("jr", "sr", "st"):
        return None  # a sentence end ("China."), not an initial ("Jean H. Lee")
    if MIXED_ACRONYM_RE.search(bare):
        return None  # "JPL-Caltech": an acronym inside a word names a body, not a person
    low = bare.casefold()
    if low in _NOT_NAME_WORDS or low in vocab.credit_words("label") or low in vocab.credit_words("placeholder"):
        return None
    if bare[0].isupper():
        return "upper"
    if low in vocab.words("person_particles.txt") or _PARTICLE_PREFIX_RE.match(bare):
        return "particle"
    return "lower" if bare.islower() else None


_CJK_RE = re.compile(r"[\u3400-\u9fff\uac00-\ud7a3\s]+")


def _cjk_name_shaped(text: str) -> bool:
    """A Chinese or Korean name in its own script: a family name from the list, then one or two
    syllables ("鞠鵬", "김정은", "高 建中"), and no organisation ending ("외교부")."""
    bare = "".join(text.split())
    if not 2 <= len(bare) <= 4 or has_org_word(bare):
        return False
    surnames = vocab.words("cjk_surnames.txt")
    return any(bare.startswith(s) and 1 <= len(bare) - len(s) <= 2 for s in surnames)


@lru_cache(maxsize=8192)
def natural_case(name: str) -> str:
    """Write an upper-case (or lower-case) name as a person writes it: "KIM JONG UN" -> "Kim Jong Un"."""
    particles = vocab.words("person_particles.txt")
    tokens = name.split()
    all_lower = all(t.islower() for t in tokens)
    out = []
    for i, tok in enumerate(tokens):
        if (tok.isupper() and sum(c.isalpha() for c in tok) > 1) or all_lower:
            if i and tok.casefold() in particles and not all_lower:
                out.append(tok.lower())
            else:
                out.append(_capitalise(tok))
        else:
            out.append(tok)
    return " ".join(out)


def _capitalise(token: str) -> str:
    def cap(part: str) -> str:
        return part[:1].upper() + part[1:].lower() if part else part

    out = re.sub(r"[^\W\d_]+", lambda m: cap(m.group(0)), token.lower())
    # "Al-hariri" -> "al-Hariri" is a house style choice; keep the particle capitalised but the
    # name after a hyphen or apostrophe capitalised too ("O'Neill", "Maye-E").
    return out


def credit_key(text: str) -> str:
    return alias_key(text)


# US military ratings: "Mass Communication Specialist 3rd Class", "Airman 1st Class"
_RATING_RE = re.compile(r"^(?:[A-Z][\w.]*\s+){0,4}\d(?:st|nd|rd|th)\s+Class\s+(?=\S)")


@lru_cache(maxsize=16384)
def drop_title(name: str) -> str:
    """Drop ranks and titles written before a name ("Staff Sgt. John Doe" -> "John Doe")."""
    titles = vocab.words("titles.txt")
    name = _RATING_RE.sub("", name)
    tokens = name.split()
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for k in (3, 2, 1):
            if len(tokens) > k and " ".join(tokens[:k]).casefold() in titles:
                tokens = tokens[k:]
                changed = True
                break
    return " ".join(tokens)


def starts_with_given_name(name: str) -> bool:
    """Does a name begin with a known given name (data: given_names.txt) or an initial ("J. Doe")?"""
    tokens = drop_title(name).split()
    if not tokens:
        return False
    first = tokens[0].strip(".,").casefold()
    given = vocab.words("given_names.txt")
    # "Jean-Christophe": a compound given name starts with one
    return first in given or first.split("-")[0] in given or (len(first) == 1 and tokens[0].endswith("."))
