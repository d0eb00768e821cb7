"""How a credit's text is cut up before its pieces are labelled.

What wraps a credit (brackets, "**bold**", bullets) is peeled off, full-width forms are folded, and the
text is cut into labelled segments, custody groups at "via", parts at "=", chunks at "/" and pieces at
the other separators.  Both the full parse (`credit.parse_credit`) and the quick unread-piece test of
the trailing-credit search cut the text this same way, so each step lives here once.
"""

from __future__ import annotations

import re
import unicodedata

_VIA_RE = re.compile(r"(?:\s*/\s*|\s+|^)via\s+", re.IGNORECASE)
# Separators inside one custody group.  A hyphen only separates when spaced ("AFP - Getty"), or
# between two words of a script other than Latin and Cyrillic ("مواقع التواصل-أرشيف"); "EPA-EFE",
# "Jung Yeon-je" and "пресс-служба" stay whole.
_PIECE_SPLIT_RE = re.compile(
    r"\s*/\s*|\s*,\s*|\s+[-–—]\s+|\s*;\s*|\s*\|\s*|(?<=[^\x00-\u04ff\s])-(?=[^\x00-\u04ff\s])"
    r"|(?<=\w)—(?=\w)|(?<=[\u3400-\u9fff\uac00-\ud7a3])\s*[·・、]\s*(?=\w)|(?<=\w)\s*[·・、]\s*(?=[\u3400-\u9fff\uac00-\ud7a3])"
)
# Every separator above holds one of these characters.
_PIECE_SEPARATORS = frozenset("/,-–—;|·・、")
# The same split in ASCII text, where the separators of other scripts cannot occur (a third of the cost):
# at any place the character after the spaces decides which separator, if any, matches there.
_ASCII_PIECE_SPLIT_RE = re.compile(r"\s*[/,;|]\s*|\s+-\s+")
# "A=B" in East Asian credits: A is where the picture was taken or who first had it, B who distributes it.
_EQUALS_RE = re.compile(r"\s*=\s*")
_INNER_LABEL_RE = re.compile(
    r"(?<!Photo)(?<!PHOTO)(?<!Image)(?<!Mandatory)(?<!MANDATORY)\s+(?=(?:Source|SOURCE|Credit|CREDIT|Photo|Foto|Picture|Image)\s*:)"
)
_BRACKET_FILE_RE = re.compile(r"\[\s*(?:file|archive|archives)\s*\]", re.IGNORECASE)


def prepared(text: str) -> tuple[str, str | None]:
    """The credit without what wraps it, and the "[file]" mark taken out of it."""
    # Each pattern below is tried only where the one character it cannot match without is there:
    # a credit is read once per candidate tail of every caption, and most hold none of them.
    body = fold_width(text)
    body = unwrap(_EXPAND_MARK_RE.sub(" ", body) if "[+]" in body else body)
    if "发" in body or "發" in body:
        body = _RELEASED_BY_RE.sub(r"\1/\2", body)
    if ")" in body:
        body = _PICTURE_ID_RE.sub("", body)
    if "[" in body and (file_mark := _BRACKET_FILE_RE.search(body)):
        return _BRACKET_FILE_RE.sub(" ", body).strip(), file_mark.group(0)
    return body, None


def text_segments(body: str) -> list[str]:
    """ "Source: Xinhua Credit: Getty Images": one labelled credit after another, in reading order."""
    return [s for s in (_INNER_LABEL_RE.split(body) if ":" in body else [body]) if s.strip()]


def via_groups(rest: str) -> list[str]:
    # "via" in any case ("VIA", "Via"): no other character folds to a "v" (but "ı" folds to an "i")
    if "via" in rest.lower() or (("v" in rest or "V" in rest) and not rest.isascii()):
        return [g for g in _VIA_RE.split(rest) if g.strip()]
    return [rest] if rest.strip() else []


def equals_parts(group: str) -> list[str]:
    return [p for p in (_EQUALS_RE.split(group) if "=" in group else [group]) if p.strip()]


def slash_chunks(part: str) -> list[str]:
    part = _PERIOD_BEFORE_AGENCY_RE.sub("/", part) if "." in part else part
    return _SLASH_RE.split(part) if "/" in part else [part]


def raw_pieces(chunk: str) -> list[str]:
    if _PIECE_SEPARATORS.isdisjoint(chunk):
        raws = [chunk]
    else:
        raws = (_ASCII_PIECE_SPLIT_RE if chunk.isascii() else _PIECE_SPLIT_RE).split(chunk)
    return [raw for raw in raws if raw and raw.strip()]


_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "〈": "(", "〉": ")", "《": "(", "》": ")"})


def fold_width(text: str) -> str:
    """Full-width forms as their ASCII twins: East Asian credits write （）／＝ＡＰ and 【】."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_BRACKETS)


_CLOSING = {"(": ")", "[": "]", "{": "}"}
_BULLETS = "-–—•*■□●○▲△◆◇▶►※"
# "新华社发(X 摄)": "released by Xinhua (photographed by X)"
_PICTURE_ID_RE = re.compile(r"\s*\(\d{5,}[a-z]{0,3}\)$")  # Shutterstock's "(14412345a)"
_EXPAND_MARK_RE = re.compile(r"(?:\.\.\.|…)\s*\[\+\]")  # a page's "read more" inside the credit
_RELEASED_BY_RE = re.compile(r"([发發])\s*\((.+)\)$")


def unwrap(text: str) -> str:
    """Peel what wraps a credit: outer brackets, "**bold**", list bullets, stray separators and a
    dangling "via"."""
    return text if _nothing_wraps(text) else _peel(text)


def _peel(text: str) -> str:
    """Works on two indexes moving inwards, so each character is looked at a bounded number of times
    however deep the nesting ("((((AP))))")."""
    partner = _bracket_partners(text)
    i, j = 0, len(text)
    while True:
        before = (i, j)
        while i < j and (text[i].isspace() or text[i] in ",;|"):
            i += 1
        while j > i and (text[j - 1].isspace() or text[j - 1] in ",;|"):
            j -= 1
        if j - i > 1 and text[i] in _BULLETS and text[i + 1].isspace():
            i += 2  # a list bullet "- ", "■ ", "– "
        if j - i > 4 and text[j - 3 : j].casefold() == "via" and text[j - 4].isspace():
            j -= 3  # "Name/AFP via" cut off
        if j - i >= 4 and text.startswith("**", i) and text.endswith("**", i, j):
            i, j = i + 2, j - 2
        elif j - i > 1 and partner.get(i) == j - 1:
            i, j = i + 1, j - 1
        if (i, j) == before:
            return text[i:j]


# What each peeling step needs at the first character (a space, a stray separator, a bullet, "**" or an
# opening bracket) or at the last (a space, a stray separator, the "a" of a dangling "via").
_WRAP_FIRST = frozenset(",;|([{" + _BULLETS)
_WRAP_LAST = frozenset(",;|aA")


def _nothing_wraps(text: str) -> bool:
    """Most credits are not wrapped ("REUTERS/Name"): their two ends say so without the walk."""
    return (
        len(text) > 1
        and not text[0].isspace()
        and not text[-1].isspace()
        and text[0] not in _WRAP_FIRST
        and text[-1] not in _WRAP_LAST
    )


_BRACKET_CHARS = frozenset("()[]{}")
_BRACKET_CHAR_RE = re.compile(r"[()\[\]{}]")


def _bracket_partners(text: str) -> dict[int, int]:
    """Index of each opening bracket -> index of the bracket that closes it (only where they match)."""
    partner: dict[int, int] = {}
    if _BRACKET_CHARS.isdisjoint(text):
        return partner
    stack: list[int] = []
    for m in _BRACKET_CHAR_RE.finditer(text):
        k, ch = m.start(), m.group()
        if ch in _CLOSING:
            stack.append(k)
        elif ch in ")]}":
            if stack and _CLOSING[text[stack[-1]]] == ch:
                partner[stack.pop()] = k
            else:
                stack.clear()  # a stray closer: what came before cannot wrap what follows
    return partner


_SLASH_RE = re.compile(r"\s*/\s*")
# AFP's French credits: "(Photo Name. AFP)"
_PERIOD_BEFORE_AGENCY_RE = re.compile(r"\.\s+(?=[A-Z][A-Z-]{1,9}$)")
