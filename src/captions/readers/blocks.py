"""A UTF-8 JSON Lines caption list in blocks of whole lines, so that each worker process decodes
and reads its own blocks: the process that hands them out (and stores the rows) only cuts bytes
at line ends.  A block read here gives the same items and warnings, in the same words and with
the same line numbers, as reading the whole list in one go (`Document.items`)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import NamedTuple

from .limits import MAX_RECORD
from .read import CaptionItem, Document, _Input, _jsonl_items, _lines

# A line longer than this many bytes is longer than MAX_RECORD characters however it is written
# (a character is at most 4 bytes of UTF-8): it is skipped as it is cut, so that a block is never
# larger than this, however long the input's lines.
_LONG_LINE = 4 * MAX_RECORD


class JsonlBlock(NamedTuple):
    first: int  # the lines before it
    data: bytes  # whole lines (the input's last may lack its newline)
    skipped: tuple[int, ...] = ()  # lines too long to read, just before `data`


def jsonl_blocks(doc: Document, size: int) -> Iterator[JsonlBlock]:
    """The blocks of `doc` (which has `raw`), each about `size` bytes or one line."""
    assert doc.raw is not None
    lines = 0  # lines in the blocks given, or skipped
    rest = b""  # the start of a line the next read ends
    skipped: list[int] = []
    in_long_line = False
    with doc.raw() as fh:
        while data := fh.read(size):
            if in_long_line:
                end = data.find(b"\n")
                if end < 0:
                    continue
                in_long_line, data = False, data[end + 1 :]
            cut = data.rfind(b"\n")
            if cut < 0:
                rest += data
                if len(rest) > _LONG_LINE:
                    lines += 1
                    skipped.append(lines)
                    rest, in_long_line = b"", True
                continue
            block = rest + data[: cut + 1]
            rest = data[cut + 1 :]
            yield JsonlBlock(lines, block, tuple(skipped))
            lines += block.count(b"\n")
            skipped = []
    if rest or skipped:
        yield JsonlBlock(lines, rest, tuple(skipped))


def block_items(block: JsonlBlock, path: str) -> tuple[Document, Iterator[CaptionItem]]:
    """The items of one block, and the document their warnings go to.  Iterating raises
    InputError at a line that is not UTF-8 (the items before it have been given)."""
    doc = Document(path=path, kind="caption-list", file_kind="jsonl")
    for n in block.skipped:
        doc.warn(f"{path}:{n}: line longer than {MAX_RECORD >> 20} MB; skipped")
    # only the input's first bytes may be a byte order mark
    encoding = "utf-8-sig" if block.first == 0 else "utf-8"
    source = _Input(path, b"", lambda: io.BytesIO(block.data), str)
    return doc, _jsonl_items(_lines(source, encoding, MAX_RECORD, first=block.first), doc)
