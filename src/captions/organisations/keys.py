"""The keys a spelling of an organisation is looked up by.

Kept apart from the registry so that a read command that only looks one name up (`list --agency
KCNA`) needs neither the registry nor, for an ASCII name, the Unicode folding and its tables.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPACING = re.compile(r"[\s\-_.]+")


def _folded(text: str) -> str:
    # imported here: an ASCII spelling has nothing to fold, and folding loads unicodedata and the
    # look-alike table
    from .folding import fold_with_positions

    return fold_with_positions(text).text


@lru_cache(maxsize=16384)
def alias_key(name: str) -> str:
    """Fold an organisation name for lookup: case, accents, punctuation and a leading "the"."""
    if name.isascii():
        s = name.casefold()
    else:
        from .folding import strip_latin_accents

        s = strip_latin_accents(_folded(name)).casefold().replace("’", "'")
    s = _SPACING.sub(" ", s).strip(" ,;:()[]")
    return s[4:] if s.startswith("the ") else s


@lru_cache(maxsize=16384)
def exact_key(spelling: str) -> str:
    """A spelling as written, but for hidden characters, spacing and the brackets around it."""
    text = spelling if spelling.isascii() else _folded(spelling)
    return " ".join(text.split()).strip(" ,;:()[]")
