"""Hostile inputs of every kind, grown to a chosen size, and the call that reads each.

A hypothesis strategy draws a *fragment* (a few hostile characters and tokens) for a kind; `grow`
repeats or nests it until the input has about `size` characters.  `READ[kind]` is the library call
that must take time linear in that size.  Used by test_linear.py (slow, ratio checks),
test_never_crash.py (default suite, small sizes) and `python tests/fuzz/linear.py` (a table).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/imagefiles.py

from captions.organisations.registry import AgencyRegistry  # noqa: E402
from captions.parsing.credit import parse_credits  # noqa: E402
from captions.parsing.parse import parse_caption  # noqa: E402
from captions.readers.html import read_page  # noqa: E402
from captions.readers.images import read_image_metadata  # noqa: E402
from captions.readers.read import read_document  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)

# what captions and credits are made of, the pieces parsers look for and the ones that broke them
TOKENS = [
    "Kim Jong Un",
    "waves",
    " ",
    ". ",
    ", ",
    "(",
    ")",
    "/",
    " via ",
    "AP Photo",
    "REUTERS/",
    "KCNA",
    "Xinhua",
    "Getty Images",
    "©",
    "Photo: ",
    "“",
    "”",
    '"',
    "'",
    "«",
    "»",
    "Feb. 25, 2024",
    "on Monday",
    "\n",
    "\n\n",
    "...",
    " - ",
    "(AP Photo/Lia Neri)",
    "File photo",
    "Handout",
    "-",
    "=",
    "\\",
    "\u202e",
    "\x1b[2J",
    "\x00",
    "\ufffd",
    "김정은",
    "金正恩",
    "Ким",
    "كيم",
    "\t",
]
fragments = (
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda s: s.strip())
)

HTML_SHAPES = ("flat spans", "nested figures", "nested divs", "long attribute", "many figures")
html_fragments = st.tuples(st.sampled_from(HTML_SHAPES), fragments)
JSONL_SHAPES = ("one long caption", "many lines", "nested brackets", "long id")
jsonl_fragments = st.tuples(st.sampled_from(JSONL_SHAPES), fragments)
CSV_SHAPES = ("one long cell", "many rows", "quoted newlines")
csv_fragments = st.tuples(st.sampled_from(CSV_SHAPES), fragments)

STRATEGIES = {
    "caption": fragments,
    "credit": fragments,
    "jsonl": jsonl_fragments,
    "csv": csv_fragments,
    "html": html_fragments,
    "image": fragments,
}


def _repeat(fragment: str, size: int) -> str:
    return (fragment * (size // max(len(fragment), 1) + 1))[:size]


def _html(shape_fragment, size: int) -> str:
    shape, fragment = shape_fragment
    text = json.dumps(fragment)[1:-1].replace("<", "&lt;")
    if shape == "flat spans":
        unit = f'<span class="credit">{text}</span> '
        return f"<html><body><figure><figcaption>{text} " + _repeat(unit, size) + "</figcaption></figure></body></html>"
    if shape == "nested figures":
        unit = f'<figure><figcaption>{text} <span class="byline">{text}</span>'
        n = size // len(unit) + 1
        return "<html><body>" + unit * n + "</figcaption></figure>" * n + "</body></html>"
    if shape == "nested divs":
        n = size // 20 + 1
        return (
            "<html><body>"
            + "<div><p>x" * n
            + f"<figure><figcaption>{text}</figcaption></figure>"
            + "</p></div>" * n
            + "</body></html>"
        )
    if shape == "long attribute":
        return f'<html><body><img alt="{_repeat(text + " ", size)}"></body></html>'
    unit = f'<figure><img alt="{text} a b c"><figcaption>{text}</figcaption></figure><img alt="{text} d e f">'
    return "<html><body>" + _repeat(unit, size) + "</body></html>"


def _jsonl(shape_fragment, size: int) -> str:
    shape, fragment = shape_fragment
    if shape == "one long caption":
        return json.dumps({"caption": _repeat(fragment, size)}) + "\n"
    if shape == "many lines":
        line = json.dumps({"id": "1", "caption": fragment}) + "\n"
        return json.dumps({"caption": "x"}) + "\n" + _repeat(line, size)
    if shape == "nested brackets":
        n = size // 2
        return json.dumps({"caption": "x"}) + "\n" + "[" * n + "]" * n + "\n"
    return '{"caption": "x", "id": ' + "9" * size + "}\n"


def _csv(shape_fragment, size: int) -> str:
    shape, fragment = shape_fragment
    cell = '"' + fragment.replace('"', '""') + '"'
    if shape == "one long cell":
        return "caption,id\n" + '"' + _repeat(fragment.replace('"', '""'), size) + '",1\n'
    if shape == "many rows":
        return "caption,id\n" + _repeat(cell + ",1\n", size)
    return 'caption,id\n"' + _repeat(fragment.replace('"', '""') + "\n", size) + '",1\n'


def _image(fragment: str, size: int) -> bytes:
    from xml.sax.saxutils import escape

    from imagefiles import png_with_xmp, xmp_packet

    text = escape("".join(c for c in _repeat(fragment, size) if c.isprintable() or c == "\n"))
    return png_with_xmp(xmp_packet(description=text, creator=[escape(fragment)] * 3, credit="AP"))


GROW = {"caption": _repeat, "credit": _repeat, "jsonl": _jsonl, "csv": _csv, "html": _html, "image": _image}

_REGISTRY = None


def registry() -> AgencyRegistry:
    global _REGISTRY
    _REGISTRY = _REGISTRY or AgencyRegistry.default()
    return _REGISTRY


def _read_file(text: str) -> int:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".in", delete=False) as fh:
        fh.write(text)
    try:
        doc = read_document(fh.name)
        return sum(1 for _ in doc.items)
    finally:
        os.unlink(fh.name)


READ = {
    "caption": lambda text: parse_caption(text, None, registry()),
    "credit": lambda text: parse_credits([text], registry()),
    "jsonl": _read_file,
    "csv": _read_file,
    "html": read_page,
    "image": lambda data: read_image_metadata(data, "fuzz.png"),
}


def seconds(kind: str, value, repeat: int = 1) -> float:
    """The best of `repeat` runs of reading `value` (an input grown for `kind`), in CPU seconds
    of this process: what another process on a shared machine takes does not count (wall time
    once made a linear reader look quadratic while other work ran)."""
    best = float("inf")
    for _ in range(repeat):
        if 2.0 < best < float("inf"):  # a slow run is measured once: noise is small beside it
            break
        start = time.process_time()
        try:
            READ[kind](value)
        except Exception as e:  # noqa: BLE001 - an InputError is an answer; anything else is a finding
            from captions.errors import CaptionsError

            if not isinstance(e, CaptionsError):
                raise
        best = min(best, time.process_time() - start)
    return best


def growth(kind: str, fragment, sizes=SIZES, budget: float = 20.0) -> list[tuple[int, float]]:
    """(size, seconds) for the input of `kind` grown from `fragment` to each size.  Once a size
    takes more than `budget` seconds the larger ones are left out: the steps so far tell."""
    timings = []
    for size in sizes:
        # one run each: the parsers cache results by text, so a second run of the same input is free
        timings.append((size, seconds(kind, GROW[kind](fragment, size))))
        if timings[-1][1] > budget:
            break
    return timings


def worst_ratio(timings: list[tuple[int, float]], floor: float = 0.02) -> float:
    """How much more time each tenfold step took, divided by ten: about 1 when linear, about 10
    when quadratic.  Times under `floor` seconds are start-up noise and count as `floor`."""
    ratios = [0.0]
    for (small, t_small), (large, t_large) in zip(timings, timings[1:]):
        ratios.append(max(t_large, floor) / max(t_small, floor) / (large / small))
    return max(ratios)


__all__ = ["SIZES", "STRATEGIES", "GROW", "READ", "growth", "worst_ratio", "seconds"]
