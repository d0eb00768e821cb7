"""Read what users hand us: article texts, web pages, image files and caption lists.

The reader turns files into `Document`s.  It sniffs the content rather than trusting the file
name, and reports what it cannot read as an `InputError` with one clear sentence.  Caption lists
and article texts are streamed, standard input too: items are read lazily, so a file of any size
is read in bounded memory (web pages and images are read whole, up to a cap).  Every cap is in
`limits.py`; text is cleaned of what cannot be stored (NUL, lone surrogates) as it is read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..parsing.dates import parse_page_date
from .limits import (
    KEPT_END,
    MAX_CAPTION,
    MAX_FIELD,
    MAX_FOLDER_DEPTH,
    MAX_IMAGE,
    MAX_LINE,
    MAX_RECORD,
    JSONTooDeep,
    Limits,
    cap,
    clean_nested,
    clean_text,
    display_path,
    loads,
    scalar_text,
)

SNIFF_BYTES = 65536
ARTICLE_CHUNK = 1 << 20  # an article text is parsed in pieces of about 1 MB, cut at blank lines
MAX_WARNINGS = 200

# a CSV cell may be as long as a JSONL line (the csv module's own limit is 128 KB)
csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD))


@dataclass
class CaptionItem:
    caption: str
    id: str | None = None
    page_date: str | None = None
    source: str | None = None
    locator: str = ""
    credit: str | None = None  # a credit the page or file gives apart from the caption text
    embedded: dict | None = None  # IPTC/XMP/JSON-LD fields as read, stored beside the parse
    truncated: bool = False  # the caption or credit was cut at a cap (see notes)
    notes: list[str] = field(default_factory=list)  # what the reader changed in this item, and why


@dataclass
class Document:
    path: str  # as given, fit to print ("-" for stdin; bytes not UTF-8 as \xNN)
    kind: str  # "article" | "caption-list" | "html" | "image"
    file_kind: str = ""  # what the bytes were: text, jsonl, csv, html, jpeg, png, tiff, webp
    text: str = ""  # a web page's visible text (for names), or a small article's text
    items: Iterable[CaptionItem] = ()
    chunks: Iterable[tuple[int, str]] = ()  # an article's text: (first line number, text) pieces
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    page_date: str | None = None
    sha: str = ""
    warnings: list[str] = field(default_factory=list)
    # A UTF-8 JSON Lines list's bytes from the first: ingest hands out blocks of whole lines to
    # worker processes, which decode them (readers.blocks), instead of reading `items` here.
    raw: Callable[[], BinaryIO] | None = None

    @property
    def is_list(self) -> bool:
        return self.kind != "article"

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)
        elif len(self.warnings) == MAX_WARNINGS:
            self.warnings.append(f"{self.path}: more warnings left out")

    def item(self, caption: str, where: str, **fields) -> CaptionItem:
        """A CaptionItem whose text is fit to parse and store: NULs and lone surrogates replaced,
        the caption and credit cut at MAX_CAPTION, short fields at MAX_FIELD, each change noted."""
        item = CaptionItem(caption="", locator=where, embedded=fields.pop("embedded", None))
        for name, value in (("caption", caption), *fields.items()):
            if value is None:
                continue
            value, cleaned = clean_text(value)
            long_text = name in ("caption", "credit")
            value, cut = cap(value, MAX_CAPTION if long_text else MAX_FIELD, KEPT_END if long_text else 0)
            for change in (cleaned, cut):
                if change:
                    item.notes.append(f"{name}: {change}")
                    self.warn(f"{self.path}: {where}: {name} {change}")
            item.truncated = item.truncated or bool(cut)
            setattr(item, name, value)
        return item

    def clean(self, text: str | None, where: str, limit: int | None = MAX_FIELD) -> str | None:
        """Text fit to store: cleaned as an item's, and cut at `limit` (page metadata: a title,
        a publisher, a URL), with a warning for each change."""
        if text is None:
            return None
        text, cleaned = clean_text(text)
        text, cut = cap(text, limit) if limit else (text, None)
        for change in (cleaned, cut):
            if change:
                self.warn(f"{self.path}: {where}: {change}")
        return text


Warn = Callable[[str], None]


def _stderr_warning(message: str) -> None:
    sys.stderr.write(f"Warning: {message}\n")


def iter_paths(paths: list[str], follow_links: bool = False, on_warning: Warn | None = None) -> list[str]:
    """Files named, and the files under folders named, in a stable order.  "-" is stdin.

    Folders are walked without recursion, at most MAX_FOLDER_DEPTH levels deep; hidden files,
    special files (devices, FIFOs, sockets), unreadable folders and symbolic links that lead out of
    the folder named (unless `follow_links`) are left out, each with a warning."""
    warn = on_warning or _stderr_warning
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append("-")
            continue
        if os.path.isdir(raw):
            out.extend(_walk_folder(raw, follow_links, warn))
        elif os.path.lexists(raw):
            out.append(raw)
        else:
            raise InputError(
                f"{display_path(raw)}: no such file or folder", hint="check the path; use - to read standard input"
            )
    return out


def _walk_folder(top: str, follow_links: bool, warn: Warn) -> list[str]:
    root = os.path.realpath(top)
    files: list[str] = []
    seen_folders = {_file_id(top)}
    pending = [(top, 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as e:
            warn(f"{display_path(folder)}: folder not read ({e.strerror or e})")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            kind = _entry_kind(entry, root, follow_links, warn)
            if kind == "file":
                files.append(entry.path)
            elif kind == "folder":
                if depth + 1 > MAX_FOLDER_DEPTH:
                    warn(f"{display_path(entry.path)}: more than {MAX_FOLDER_DEPTH} folder levels deep; not read")
                elif _file_id(entry.path) not in seen_folders:  # a linked folder read once
                    seen_folders.add(_file_id(entry.path))
                    subfolders.append((entry.path, depth + 1))
        pending.extend(reversed(subfolders))
    return sorted(files)


def _file_id(path: str):
    try:
        st = os.stat(path)
        return st.st_dev, st.st_ino
    except OSError:
        return path


def _entry_kind(entry: os.DirEntry, root: str, follow_links: bool, warn: Warn) -> str:
    """ "file", "folder" or "" (left out, with a warning where the user would expect it read)."""
    shown = display_path(entry.path)
    try:
        if entry.is_symlink() and not follow_links:
            target = os.path.realpath(entry.path)
            if os.path.commonpath([root, target]) != root:
                warn(
                    f"{shown}: a link to {display_path(target)}, outside {display_path(root)}; not followed "
                    "(--follow-links follows it)"
                )
                return ""
            if os.path.isdir(target):
                return ""  # inside the folder: read where it is
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
        if not os.path.exists(entry.path):
            warn(f"{shown}: a broken link; skipped")
        else:
            warn(f"{shown}: not a regular file (a device, FIFO or socket); skipped")
    except (OSError, ValueError) as e:
        warn(f"{shown}: not read ({getattr(e, 'strerror', None) or e})")
    return ""


# -- opening an input ------------------------------------------------------------------------------


class _Rejoined(io.RawIOBase):
    """The bytes already sniffed, then the rest of a stream, as one stream that never waits for
    more than is there (read1), so that items are parsed while standard input still comes."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        read = getattr(self._rest, "read1", self._rest.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@dataclass
class _Input:
    display: str
    head: bytes
    open: Callable[[], BinaryIO]  # the whole input from its first byte
    sha: Callable[[], str]


def _file_input(path: str) -> _Input:
    display = display_path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise InputError(f"{display}: cannot read ({e.strerror or e})")
    if stat.S_ISDIR(mode):
        raise InputError(f"{display}: is a folder")
    if not stat.S_ISREG(mode):
        # a device or FIFO never ends (/dev/zero) or blocks until someone writes (a FIFO)
        raise InputError(
            f"{display}: not a regular file (a device, FIFO or socket)",
            hint="to read a stream, pipe it to standard input: ... | captions parse -",
        )
    with _open(path, display) as fh:
        head = fh.read(SNIFF_BYTES)
    return _Input(display, head, lambda: _open(path, display), lambda: _sha(path, display))


def _stdin_input(split: str) -> _Input:
    stream = sys.stdin.buffer
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < SNIFF_BYTES and not _sniffed_enough(head, split):
        data = read(SNIFF_BYTES - len(head))
        if not data:
            break
        head += data
    rejoined = io.BufferedReader(_Rejoined(head, stream), 1 << 16)
    # the whole stream is not known before it is parsed: the same first bytes are the same input
    return _Input("-", head, lambda: rejoined, lambda: hashlib.sha256(b"stdin\0" + head).hexdigest())


def _sniffed_enough(head: bytes, split: str) -> bool:
    """Whether the first bytes of a stream tell its kind; more would wait on a slow pipe.  A caption
    list is known by its first line; an article needs its header lines (title, date)."""
    from .images import image_kind

    if head.lstrip().startswith(b"<") or image_kind(head) or b"\n" not in head.lstrip():
        return False
    first = head.lstrip().split(b"\n", 1)[0]
    return split != "auto" or first.lstrip(b"\xef\xbb\xbf").startswith(b"{") or b"," in first or head.count(b"\n") > 16


def _open(path: str, display: str):
    try:
        return open(path, "rb")
    except PermissionError:
        raise InputError(f"{display}: permission denied")
    except OSError as e:
        raise InputError(f"{display}: cannot read ({e.strerror or e})")


def _sha(path: str, display: str) -> str:
    digest = hashlib.sha256()
    with _open(path, display) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_capped(source: _Input, limit: int, what: str, hint: str = "CAPTIONS_MAX_PAGE_MB raises the limit") -> bytes:
    with source.open() as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{source.display}: {what} larger than {limit >> 20} MB; not read", hint=hint or None)
    return data


def decode(data: bytes, path: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM; binary is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: starts like UTF-16 but does not decode as UTF-16")
    _refuse_binary(data[:8192], path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _utf8_error(data, e, path)


def _utf8_error(data: bytes, e: UnicodeDecodeError, path: str, base_line: int = 0) -> InputError:
    line = base_line + data[: e.start].count(b"\n") + 1
    return InputError(f"{path}: not valid UTF-8 at line {line}", hint="convert it first, e.g. iconv -f latin1 -t utf-8")


def _refuse_binary(sample: bytes, path: str) -> None:
    # a stray NUL in a text is replaced as it is read (limits.clean_text); many make it binary
    if _looks_binary(sample):
        raise InputError(
            f"{path}: binary file, not text", hint="give an article text, a web page, an image or a caption list"
        )


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.05


SPLIT_MODES = ("auto", "line", "paragraph")


def read_document(
    path: str, page_date: str | None = None, split: str = "auto", limits: Limits | None = None
) -> Document:
    """Open one input, sniffing what it is: an image, an HTML page, a JSONL or CSV caption list,
    or an article text (or, with `split`, a text with one caption per line or paragraph)."""
    limits = limits or Limits.from_env()
    source = _stdin_input(split) if path == "-" else _file_input(path)
    head = source.head
    if not head.strip():
        raise InputError(f"{source.display}: empty file")
    from .images import image_kind

    kind = image_kind(head)
    if kind:
        # a file is read by the image reader as it needs (it may be large); a stream is read whole
        image = Path(path) if path != "-" else _read_capped(source, MAX_IMAGE, "an image on standard input", hint="")
        return _image_document(source.display, image, source.sha(), kind, page_date)
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16:
        _refuse_binary(head[:8192], source.display)
    head_text = head.decode("utf-16" if utf16 else "utf-8-sig", errors="ignore")
    from .html import looks_like_html

    if looks_like_html(head_text):
        data = _read_capped(source, limits.max_page, "a web page")
        return _html_document(source.display, _utf8_page(data, source.display), source.sha(), page_date)
    doc = Document(path=source.display, kind="caption-list", sha=source.sha(), page_date=page_date)
    _text_document(doc, source, "utf-16" if utf16 else "utf-8-sig", head_text, split)
    return doc


def _text_document(doc: Document, source: _Input, encoding: str, head_text: str, split: str) -> None:
    first = next((line for line in head_text.splitlines() if line.strip()), "")
    if first.lstrip().startswith("{"):
        doc.file_kind = "jsonl"
        doc.items = _jsonl_items(_lines(source, encoding, MAX_RECORD), doc)
        doc.raw = source.open if encoding != "utf-16" else None
        return
    if _csv_header(first) is not None:
        doc.file_kind = "csv"
        doc.items = _csv_items(_lines(source, encoding, MAX_RECORD), doc)
        return
    if _csv_header_without_caption(first):
        raise InputError(
            f"{doc.path}: a CSV without a caption column", hint="name the column with the captions 'caption'"
        )
    doc.file_kind = "text"
    lines = _lines(source, encoding, MAX_LINE)
    if split in ("line", "paragraph"):
        doc.items = (doc.item(t, f"{split} {n}") for n, t in _pieces(lines, split))
        return
    doc.kind = "article"
    doc.title = doc.clean(_title(head_text), "title")
    doc.page_date = doc.page_date or _page_date_from_text(head_text)
    doc.chunks = ((n, doc.clean(text, f"line {n}", limit=None) or "") for n, text in _article_chunks(lines))


_NOT_DECODED = re.compile("[\udc80-\udcff]")  # surrogateescape's stand-ins for bytes that did not decode


def _lines(source: _Input, encoding: str, limit: int, first: int = 0) -> Iterator[tuple[int, str, bool]]:
    """(line number, text, whole) one line at a time, numbered after `first`; a line longer than
    `limit` characters comes in pieces of `limit` (whole is False for all but its last).  A line that
    is not valid text stops the file with an InputError naming the line (the records before it are kept)."""
    with source.open() as fh:
        text = io.TextIOWrapper(fh, encoding=encoding, errors="surrogateescape", newline="\n")
        n, whole = first, True
        while True:
            try:
                line = text.readline(limit)
            except UnicodeDecodeError:  # UTF-16 that surrogateescape cannot carry (a lone surrogate)
                raise InputError(f"{source.display}: not valid UTF-16")
            if not line:
                return
            n += whole
            whole = line.endswith("\n") or len(line) < limit
            if _NOT_DECODED.search(line):
                raise _decode_error(line, source.display, n, encoding)
            yield n, line.rstrip("\r\n") if whole else line, whole


def _decode_error(line: str, display: str, n: int, encoding: str) -> InputError:
    if "\x00" in line:
        return InputError(f"{display}:{n}: binary data, not text")
    if encoding == "utf-16":
        return InputError(f"{display}: not valid UTF-16 at line {n}")
    return InputError(f"{display}: not valid UTF-8 at line {n}", hint="convert it first, e.g. iconv -f latin1 -t utf-8")


def _whole_lines(lines: Iterator[tuple[int, str, bool]], doc: Document, limit: int) -> Iterator[tuple[int, str]]:
    """Lines no longer than `limit`: a longer one is skipped with a warning."""
    skipping = False
    for n, line, whole in lines:
        if skipping or not whole:
            if not skipping:
                doc.warn(f"{doc.path}:{n}: line longer than {limit >> 20} MB; skipped")
            skipping = not whole
            continue
        yield n, line


def _article_chunks(lines: Iterator[tuple[int, str, bool]]) -> Iterator[tuple[int, str]]:
    """An article's text in pieces of about 1 MB, each cut at a blank line, so that no caption is
    split (captions and their credit lines never span a blank line).  A text without blank lines
    is cut at a line end once a piece reaches twice that size, so memory stays bounded."""
    start, size = 1, 0
    block: list[str] = []
    for n, line, _whole in lines:
        if not block:
            start = n
        block.append(line)
        size += len(line) + 1
        if size >= ARTICLE_CHUNK and not line.strip() or size >= 2 * ARTICLE_CHUNK:
            yield start, "\n".join(block)
            block, size = [], 0
    if block:
        yield start, "\n".join(block)


def _pieces(lines: Iterator[tuple[int, str, bool]], split: str) -> Iterator[tuple[int, str]]:
    """Captions one a line or one a paragraph, in bounded memory: of a line longer than MAX_LINE
    the first piece, of a paragraph past MAX_CAPTION its start and its last lines (_Paragraph)."""
    if split == "line":
        last = 0
        for n, line, _whole in lines:
            if n != last and line.strip():  # the further pieces of a long line are past the cap
                yield n, line.strip()
            last = n
        return
    paragraph = _Paragraph()
    for n, line, _whole in lines:
        if line.strip():
            paragraph.add(n, line.rstrip())
        elif paragraph.lines:
            yield paragraph.start, paragraph.text()
            paragraph = _Paragraph()
    if paragraph.lines:
        yield paragraph.start, paragraph.text()


class _Paragraph:
    """The lines of one paragraph, in bounded memory: past MAX_CAPTION characters only the last
    lines are kept (the item is cut there anyway, and a caption's credit is at its end)."""

    def __init__(self):
        self.start, self.lines, self.size = 0, [], 0
        self.tail: deque[str] = deque()
        self.tail_size = 0

    def add(self, n: int, line: str) -> None:
        if not self.lines:
            self.start = n
        if self.size <= MAX_CAPTION:
            self.lines.append(line)
            self.size += len(line) + 1
            return
        self.tail.append(line)
        self.tail_size += len(line) + 1
        while len(self.tail) > 1 and self.tail_size - len(self.tail[0]) - 1 >= KEPT_END:
            self.tail_size -= len(self.tail.popleft()) + 1

    def text(self) -> str:
        return "\n".join([*self.lines, *self.tail])


def _jsonl_items(lines: Iterator[tuple[int, str, bool]], doc: Document) -> Iterator[CaptionItem]:
    """Caption list in JSON Lines: objects with "caption" (or "raw"), optional id, page_date, credit."""
    for n, line in _whole_lines(lines, doc, MAX_RECORD):
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except JSONTooDeep as e:
            doc.warn(f"{doc.path}:{n}: JSON {e}; line skipped")
            continue
        except ValueError as e:
            doc.warn(f"{doc.path}:{n}: not JSON ({getattr(e, 'msg', e)}); line skipped")
            continue
        if not isinstance(obj, dict):
            doc.warn(f"{doc.path}:{n}: not a JSON object; line skipped")
            continue
        text = obj.get("raw") or obj.get("caption")
        if not isinstance(text, str):
            doc.warn(f'{doc.path}:{n}: no "caption" text; line skipped')
            continue
        fields = {name: scalar_text(obj.get(name)) or None for name in ("id", "page_date", "source", "credit")}
        if obj.get("id") is not None and fields["id"] is None:
            doc.warn(f'{doc.path}:{n}: "id" is not a string or a number; left out')
        if obj.get("raw"):
            fields["credit"] = None
        yield doc.item(text, f"line {n}", **fields)


_CAPTION_COLUMNS = ("raw", "caption", "captions", "caption_text", "caption-abstract")


def _delimiter(first: str) -> str:
    return "\t" if first.count("\t") > first.count(",") else ","


def _csv_header(first: str) -> list[str] | None:
    header = [h.strip().casefold() for h in next(csv.reader([first], delimiter=_delimiter(first)), [])]
    return header if any(h in _CAPTION_COLUMNS for h in header) else None


def _csv_header_without_caption(first: str) -> bool:
    header = [h.strip().casefold() for h in next(csv.reader([first], delimiter=_delimiter(first)), [])]
    return len(header) > 1 and any(h in ("credit", "id", "page_date", "source") for h in header)


def _csv_items(lines: Iterator[tuple[int, str, bool]], doc: Document) -> Iterator[CaptionItem]:
    """A CSV (or TSV) caption list: a header with a "caption" column, optional id, page_date, source.
    A row the csv module cannot read (a cell over MAX_RECORD) is reported and the rest is read."""
    whole = _whole_lines(lines, doc, MAX_RECORD)
    first = next(((n, line) for n, line in whole if line.strip()), None)
    if first is None:
        return
    line_numbers = [first[0]]

    def text_lines():
        yield first[1] + "\n"
        for n, line in whole:
            line_numbers.append(n)
            yield line + "\n"

    rows = csv.reader(text_lines(), delimiter=_delimiter(first[1]))
    try:
        header = [h.strip().casefold() for h in next(rows)]
    except csv.Error as e:  # a stray carriage return in an unquoted header cell
        raise InputError(f"{doc.path}:{first[0]}: not a CSV header ({e})")
    col = {h: i for i, h in enumerate(header)}
    cap_i = next((col[h] for h in _CAPTION_COLUMNS if h in col), None)
    if cap_i is None:
        raise InputError(
            f"{doc.path}: a CSV without a caption column", hint="name the column with the captions 'caption'"
        )
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:
            doc.warn(f"{doc.path}:{line_numbers[-1]}: not a CSV row ({e}); skipped")
            continue
        n = line_numbers[-1]
        if not any(cell.strip() for cell in row):
            continue
        if cap_i >= len(row) or not row[cap_i].strip():
            doc.warn(f"{doc.path}:{n}: no caption in this row; skipped")
            continue
        fields = {name: _csv_cell(row, col.get(name)) for name in ("id", "page_date", "source", "credit")}
        if "raw" in col:
            fields["credit"] = None
        yield doc.item(row[cap_i], f"row {n}", **fields)


def _csv_cell(row: list[str], i: int | None) -> str | None:
    return row[i].strip() if i is not None and i < len(row) and row[i].strip() else None


def _utf8_page(data: bytes, display: str) -> bytes:
    """A page's bytes as UTF-8 for lxml: checked as decode() checks them, but not kept as a str
    beside the bytes and the tree (a page is read whole: one copy fewer)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode(data, display).encode("utf-8")
    decode(data, display)
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _html_document(path: str, text: bytes, sha: str, page_date: str | None) -> Document:
    from .html import read_page

    doc = Document(path=path, kind="html", sha=sha, file_kind="html")
    page = read_page(text)
    for warning in page.warnings:
        doc.warn(f"{path}: {warning}")
    doc.items = [
        doc.item(c.caption, c.locator, credit=c.credit or None, embedded=c.embedded or None) for c in page.captions
    ]
    doc.text = doc.clean(page.text, "page text", limit=None) or ""
    doc.title, doc.publisher, doc.url = (
        doc.clean(value, name)
        for name, value in (("title", page.title), ("publisher", page.publisher), ("URL", page.url))
    )
    doc.page_date = page_date or doc.clean(page.page_date, "page date")
    return doc


def _image_document(path: str, image: bytes | Path, sha: str, kind: str, page_date: str | None) -> Document:
    """One record for an image carrying a caption or any field that names who made or supplied it
    (issue 15: the fields are read one by one in parsing/embedded.py, not composed into a credit)."""
    from ..parsing.embedded import has_record_fields
    from .images import read_image_metadata

    meta = read_image_metadata(image, path)
    embedded = meta.as_dict()
    doc = Document(path=path, kind="image", sha=sha, page_date=page_date, file_kind=kind)
    if has_record_fields(embedded):
        doc.items = [doc.item(meta.get("caption") or "", meta.locator(), embedded=clean_nested(embedded))]
    job_id = meta.get("job_id")
    doc.title = doc.clean(job_id, "Job Id") if isinstance(job_id, str) else None
    for warning in meta.warnings:
        doc.warn(warning)
    return doc


def _title(text: str) -> str | None:
    for line in text.splitlines()[:15]:
        line = " ".join(line.split())
        if 3 <= len(line.split()) <= 25 and not line.lower().startswith(("skip to", "you are using")):
            return line[:200]
    return None


_HEADER_DATE = re.compile(
    r"\b(\d{4}-\d{2}-\d{2})\b|\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})\b"
)


def _page_date_from_text(text: str) -> str | None:
    """A date printed in the page header (ISO or "Feb. 24, 2019"), used when none is given."""
    import datetime as dt

    for line in text.splitlines()[:12]:
        m = _HEADER_DATE.search(line)
        if not m:
            continue
        if m.group(1):
            d = parse_page_date(m.group(1))
            return d.isoformat() if d else None
        s = re.sub(r"\.", "", m.group(2))
        for fmt in ("%b %d, %Y", "%B %d, %Y"):
            try:
                return dt.datetime.strptime(s, fmt).date().isoformat()
            except ValueError:
                continue
    return None
