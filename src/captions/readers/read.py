"""Read what users hand us: article texts, web pages, image files and caption lists.

The reader turns files into `Document`s.  It sniffs the content rather than trusting the file
name, and reports what it cannot read as an `InputError` with one clear sentence.  Caption lists
and article texts are streamed: items are read lazily, so a file of any size is read in bounded
memory (web pages and images are read whole).
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..parsing.dates import parse_page_date
from ..errors import InputError

SNIFF_BYTES = 65536
ARTICLE_CHUNK = 1 << 20          # an article text is parsed in pieces of about 1 MB, cut at blank lines
MAX_WARNINGS = 200


@dataclass
class CaptionItem:
    caption: str
    id: str | None = None
    page_date: str | None = None
    source: str | None = None
    locator: str = ""
    credit: str | None = None          # a credit the page or file gives apart from the caption text
    embedded: dict | None = None       # IPTC/XMP/JSON-LD fields as read, stored beside the parse


@dataclass
class Document:
    path: str                  # as given, "-" for stdin
    kind: str                  # "article" | "caption-list" | "html" | "image"
    file_kind: str = ""        # what the bytes were: text, jsonl, csv, html, jpeg, png, tiff, webp
    text: str = ""             # a web page's visible text (for names), or a small article's text
    items: Iterable[CaptionItem] = ()
    chunks: Iterable[tuple[int, str]] = ()   # an article's text: (first line number, text) pieces
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    page_date: str | None = None
    sha: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return self.kind != "article"

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)
        elif len(self.warnings) == MAX_WARNINGS:
            self.warnings.append(f"{self.path}: more warnings left out")


def iter_paths(paths: list[str]) -> list[str]:
    """Files named, and the files under folders named, in a stable order.  "-" is stdin."""
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append("-")
            continue
        p = Path(raw)
        if p.is_dir():
            files = sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith("."))
            out.extend(str(x) for x in files)
        elif p.exists():
            out.append(str(p))
        else:
            raise InputError(f"{raw}: no such file or folder", hint="check the path; use - to read standard input")
    return out


def _local_file(path: str) -> Path:
    """A file we can read twice (to hash, then to stream); stdin is spooled to a temporary file."""
    if path != "-":
        p = Path(path)
        if p.is_dir():
            raise InputError(f"{path}: is a folder")
        return p
    import atexit
    import os
    tmp = tempfile.NamedTemporaryFile(prefix="captions-stdin-", delete=False)
    with tmp:
        shutil.copyfileobj(sys.stdin.buffer, tmp, 1 << 20)
    atexit.register(lambda name=tmp.name: os.path.exists(name) and os.unlink(name))
    return Path(tmp.name)


def _open(path: Path, display: str):
    try:
        return open(path, "rb")
    except PermissionError:
        raise InputError(f"{display}: permission denied")
    except OSError as e:
        raise InputError(f"{display}: cannot read ({e.strerror or e})")


def _sha(path: Path, display: str) -> str:
    digest = hashlib.sha256()
    with _open(path, display) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    line = base_line + data[:e.start].count(b"\n") + 1
    return InputError(f"{path}: not valid UTF-8 at line {line}",
                      hint="convert it first, e.g. iconv -f latin1 -t utf-8")


def _refuse_binary(sample: bytes, path: str) -> None:
    if b"\x00" in sample or _looks_binary(sample):
        raise InputError(f"{path}: binary file, not text", hint="give an article text, a web page, an image "
                                                                 "or a caption list")


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.05


SPLIT_MODES = ("auto", "line", "paragraph")


def read_document(path: str, page_date: str | None = None, split: str = "auto") -> Document:
    """Open one input, sniffing what it is: an image, an HTML page, a JSONL or CSV caption list,
    or an article text (or, with `split`, a text with one caption per line or paragraph)."""
    local = _local_file(path)
    with _open(local, path) as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise InputError(f"{path}: empty file")
    sha = _sha(local, path)
    from .images import image_kind
    kind = image_kind(head)
    if kind:
        return _image_document(path, local, sha, kind, page_date)
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16:
        _refuse_binary(head[:8192], path)
    head_text = head.decode("utf-16" if utf16 else "utf-8-sig", errors="ignore")
    from .html import looks_like_html
    if looks_like_html(head_text):
        return _html_document(path, decode(local.read_bytes(), path), sha, page_date)
    encoding = "utf-16" if utf16 else "utf-8-sig"
    doc = Document(path=path, kind="caption-list", sha=sha, page_date=page_date)
    lines = _lines(local, path, encoding, doc)
    first = next((line for line in head_text.splitlines() if line.strip()), "")
    if first.lstrip().startswith("{"):
        doc.file_kind = "jsonl"
        doc.items = _jsonl_items(lines, path, doc)
        return doc
    if _csv_header(first) is not None:
        doc.file_kind = "csv"
        doc.items = _csv_items(lines, path, doc)
        return doc
    if _csv_header_without_caption(first):
        raise InputError(f"{path}: a CSV without a caption column", hint="name the column with the captions 'caption'")
    doc.file_kind = "text"
    if split in ("line", "paragraph"):
        doc.items = (CaptionItem(caption=t, locator=f"{split} {n}") for n, t in _pieces(lines, split))
        return doc
    doc.kind = "article"
    doc.title = _title(head_text)
    doc.page_date = page_date or _page_date_from_text(head_text)
    doc.chunks = _article_chunks(lines)
    return doc


def _lines(local: Path, display: str, encoding: str, doc: Document) -> Iterator[tuple[int, str]]:
    """Numbered lines, decoded one at a time; a line that is not valid text stops the file with
    an InputError naming the line (the records before it are kept)."""
    with _open(local, display) as fh:
        if encoding == "utf-16":
            reader = codecs.getreader("utf-16")(fh, errors="strict")
            try:
                for n, line in enumerate(reader, 1):
                    yield n, line.rstrip("\r\n")
            except UnicodeDecodeError:
                raise InputError(f"{display}: not valid UTF-16")
            return
        for n, raw in enumerate(fh, 1):
            if n == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                if b"\x00" in raw:
                    raise InputError(f"{display}:{n}: binary data, not text")
                raise _utf8_error(raw, e, display, n - 1)
            yield n, line.rstrip("\r\n")


def _article_chunks(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """An article's text in pieces of about 1 MB, each cut at a blank line, so that no caption is
    split (captions and their credit lines never span a blank line)."""
    start, block, size = 1, [], 0
    for n, line in lines:
        if not block:
            start = n
        block.append(line)
        size += len(line) + 1
        if size >= ARTICLE_CHUNK and not line.strip():
            yield start, "\n".join(block)
            block, size = [], 0
    if block:
        yield start, "\n".join(block)


def _pieces(lines: Iterator[tuple[int, str]], split: str) -> Iterator[tuple[int, str]]:
    if split == "line":
        for n, line in lines:
            if line.strip():
                yield n, line.strip()
        return
    block, start = [], 1
    for n, line in lines:
        if line.strip():
            if not block:
                start = n
            block.append(line.rstrip())
        elif block:
            yield start, "\n".join(block)
            block = []
    if block:
        yield start, "\n".join(block)


def _jsonl_items(lines: Iterator[tuple[int, str]], path: str, doc: Document) -> Iterator[CaptionItem]:
    """Caption list in JSON Lines: objects with "caption" (or "raw"), optional id, page_date, credit."""
    for n, line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            doc.warn(f"{path}:{n}: not JSON ({e.msg}); line skipped")
            continue
        text = obj.get("raw") or obj.get("caption") if isinstance(obj, dict) else None
        if not isinstance(text, str):
            doc.warn(f"{path}:{n}: no \"caption\" text; line skipped")
            continue
        item_id = obj.get("id")
        yield CaptionItem(
            caption=text,
            id=str(item_id) if item_id is not None else None,
            page_date=str(obj["page_date"]) if obj.get("page_date") else None,
            source=str(obj["source"]) if obj.get("source") else None,
            credit=str(obj["credit"]) if obj.get("credit") and not obj.get("raw") else None,
            locator=f"line {n}",
        )


_CAPTION_COLUMNS = ("raw", "caption", "captions", "caption_text", "caption-abstract")


def _delimiter(first: str) -> str:
    return "\t" if first.count("\t") > first.count(",") else ","


def _csv_header(first: str) -> list[str] | None:
    header = [h.strip().casefold() for h in next(csv.reader([first], delimiter=_delimiter(first)), [])]
    return header if any(h in _CAPTION_COLUMNS for h in header) else None


def _csv_header_without_caption(first: str) -> bool:
    header = [h.strip().casefold() for h in next(csv.reader([first], delimiter=_delimiter(first)), [])]
    return len(header) > 1 and any(h in ("credit", "id", "page_date", "source") for h in header)


def _csv_items(lines: Iterator[tuple[int, str]], path: str, doc: Document) -> Iterator[CaptionItem]:
    """A CSV (or TSV) caption list: a header with a "caption" column, optional id, page_date, source."""
    first = next(((n, line) for n, line in lines if line.strip()), None)
    if first is None:
        return
    line_numbers = [first[0]]

    def text_lines():
        yield first[1] + "\n"
        for n, line in lines:
            line_numbers.append(n)
            yield line + "\n"
    rows = csv.reader(text_lines(), delimiter=_delimiter(first[1]))
    header = [h.strip().casefold() for h in next(rows)]
    col = {h: i for i, h in enumerate(header)}
    cap_i = next(col[h] for h in _CAPTION_COLUMNS if h in col)
    for row in rows:
        n = line_numbers[-1]
        if not any(cell.strip() for cell in row):
            continue
        if cap_i >= len(row) or not row[cap_i].strip():
            doc.warn(f"{path}:{n}: no caption in this row; skipped")
            continue

        def cell(name):
            i = col.get(name)
            return row[i].strip() if i is not None and i < len(row) and row[i].strip() else None
        yield CaptionItem(caption=row[cap_i], id=cell("id"), page_date=cell("page_date"), source=cell("source"),
                          credit=None if "raw" in col else cell("credit"), locator=f"row {n}")


def _html_document(path: str, text: str, sha: str, page_date: str | None) -> Document:
    from .html import read_page
    page = read_page(text)
    items = [CaptionItem(caption=c.caption, credit=c.credit or None, locator=c.locator,
                         embedded=c.embedded or None) for c in page.captions]
    return Document(path=path, kind="html", text=page.text, items=items, title=page.title,
                    publisher=page.publisher, url=page.url, page_date=page_date or page.page_date, sha=sha,
                    file_kind="html")


def _image_document(path: str, local: Path, sha: str, kind: str, page_date: str | None) -> Document:
    """One record for an image carrying a caption or any field that names who made or supplied it
    (issue 15: the fields are read one by one in parsing/embedded.py, not composed into a credit)."""
    from ..parsing.embedded import has_record_fields
    from .images import read_image_metadata
    meta = read_image_metadata(local, path)
    embedded = meta.as_dict()
    items = []
    if has_record_fields(embedded):
        items.append(CaptionItem(caption=meta.get("caption") or "", locator=meta.locator(), embedded=embedded))
    doc = Document(path=path, kind="image", items=items, sha=sha, page_date=page_date, file_kind=kind,
                   title=meta.get("job_id") if isinstance(meta.get("job_id"), str) else None)
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
    r"\b(\d{4}-\d{2}-\d{2})\b|\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})\b")


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
