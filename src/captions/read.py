"""Read what users hand us: article texts and caption lists, from files, folders or stdin.

The reader only turns bytes into `Document`s (a text with its metadata, or a list of captions).
It sniffs the content rather than trusting the file name, and reports what it cannot read as a
`ReadError` with one clear sentence.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .dates import parse_page_date
from .errors import InputError


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
    text: str = ""
    items: list[CaptionItem] = field(default_factory=list)
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    page_date: str | None = None
    sha: str = ""
    warnings: list[str] = field(default_factory=list)
    file_kind: str = ""        # what the bytes were: text, jsonl, csv, html, jpeg, png, tiff, webp

    @property
    def is_list(self) -> bool:
        return self.kind != "article"


TEXT_SUFFIXES = {".txt", ".text", ".md", ".jsonl", ".ndjson", ".json", ""}


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


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder")
    except PermissionError:
        raise InputError(f"{path}: permission denied")
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})")


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM; binary is refused."""
    warnings = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), warnings
        except UnicodeDecodeError:
            raise InputError(f"{path}: starts like UTF-16 but does not decode as UTF-16")
    sample = data[:8192]
    if b"\x00" in sample or _looks_binary(sample):
        raise InputError(f"{path}: binary file, not text", hint="give an article text or a caption list")
    try:
        return data.decode("utf-8-sig"), warnings
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise InputError(f"{path}: not valid UTF-8 (line {line}, byte {e.start})",
                         hint="convert it first, e.g. iconv -f latin1 -t utf-8")


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.05


SPLIT_MODES = ("auto", "line", "paragraph")


def read_document(path: str, page_date: str | None = None, split: str = "auto") -> Document:
    """Read one input, sniffing what it is: an image, an HTML page, a JSONL or CSV caption list,
    or an article text (or, with `split`, a text with one caption per line or paragraph)."""
    data = read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    from .imagemeta import image_kind
    kind = image_kind(data)
    if kind:
        return _image_document(path, data, sha, kind, page_date)
    text, warnings = decode(data, path)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    from .htmlpage import looks_like_html
    if looks_like_html(text):
        return _html_document(path, text, sha, warnings, page_date)
    items = _jsonl_items(text, path, warnings)
    if items is not None:
        return Document(path=path, kind="caption-list", items=items, sha=sha, warnings=warnings,
                        page_date=page_date, file_kind="jsonl")
    items = _csv_items(text, path, warnings)
    if items is not None:
        return Document(path=path, kind="caption-list", items=items, sha=sha, warnings=warnings,
                        page_date=page_date, file_kind="csv")
    if split in ("line", "paragraph"):
        pieces = _pieces(text, split)
        items = [CaptionItem(caption=t, locator=f"{split} {n}") for n, t in pieces]
        return Document(path=path, kind="caption-list", items=items, sha=sha, warnings=warnings,
                        page_date=page_date, file_kind="text")
    doc = Document(path=path, kind="article", text=text, sha=sha, warnings=warnings, file_kind="text")
    doc.title = _title(text)
    doc.page_date = page_date or _page_date_from_text(text)
    return doc


def _pieces(text: str, split: str) -> list[tuple[int, str]]:
    out = []
    if split == "line":
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                out.append((n, line.strip()))
        return out
    line_no, block, start = 0, [], 1
    for line_no, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not block:
                start = line_no
            block.append(line.rstrip())
        elif block:
            out.append((start, "\n".join(block)))
            block = []
    if block:
        out.append((start, "\n".join(block)))
    return out


def _html_document(path: str, text: str, sha: str, warnings: list[str], page_date: str | None) -> Document:
    from .htmlpage import read_page
    page = read_page(text)
    items = [CaptionItem(caption=c.caption, credit=c.credit or None, locator=c.locator,
                         embedded=c.embedded or None) for c in page.captions]
    return Document(path=path, kind="html", text=page.text, items=items, title=page.title,
                    publisher=page.publisher, url=page.url, page_date=page_date or page.page_date, sha=sha,
                    warnings=warnings, file_kind="html")


def _image_document(path: str, data: bytes, sha: str, kind: str, page_date: str | None) -> Document:
    from .imagemeta import read_image_metadata
    meta = read_image_metadata(data, path)
    caption = meta.get("caption") or ""
    credit = embedded_credit(meta)
    items = []
    if caption or credit:
        where = "IPTC" if meta.iim.get("caption") else "XMP" if meta.xmp.get("caption") else \
            "IPTC" if meta.iim else "XMP"
        items.append(CaptionItem(caption=caption, credit=credit or None, locator=where,
                                 embedded=meta.as_dict()))
    return Document(path=path, kind="image", items=items, sha=sha, page_date=page_date, file_kind=kind,
                    title=meta.get("job_id") if isinstance(meta.get("job_id"), str) else None)


def embedded_credit(meta) -> str:
    """A credit line from embedded fields: "By-line/Source via Credit" ("KCNA via AP", "Name/AP")."""
    byline = meta.get("byline") or []
    byline = byline if isinstance(byline, list) else [byline]
    orgs = []
    for key in ("source", "credit"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip() and value.strip().casefold() not in [o.casefold() for o in orgs]:
            orgs.append(value.strip())
    head = "/".join([", ".join(byline)] + orgs[:1]) if byline else (orgs[0] if orgs else "")
    if len(orgs) > 1:
        head = f"{head} via {orgs[1]}"
    return head


def _csv_items(text: str, path: str, warnings: list[str]) -> list[CaptionItem] | None:
    """A CSV (or TSV) caption list: a header with a "caption" column, optional id, page_date, source."""
    import csv
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    header = [h.strip().casefold() for h in next(csv.reader([first], delimiter=delimiter), [])]
    if len(header) < 1 or not any(h in ("caption", "captions", "caption_text", "caption-abstract") for h in header):
        if len(header) > 1 and delimiter in first and any(h in ("credit", "id", "page_date") for h in header):
            raise InputError(f"{path}: a CSV without a caption column", hint="name the column with the captions 'caption'")
        return None
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)
    col = {h: i for i, h in enumerate(header)}
    cap_i = next(col[h] for h in ("caption", "captions", "caption_text", "caption-abstract") if h in col)
    items = []
    for n, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        if cap_i >= len(row) or not row[cap_i].strip():
            warnings.append(f"{path}:{n}: no caption in this row; skipped")
            continue
        def cell(name):
            i = col.get(name)
            return row[i].strip() if i is not None and i < len(row) and row[i].strip() else None
        items.append(CaptionItem(caption=row[cap_i], id=cell("id"), page_date=cell("page_date"),
                                 source=cell("source"), credit=cell("credit"), locator=f"row {n}"))
    return items


def _jsonl_items(text: str, path: str, warnings: list[str]) -> list[CaptionItem] | None:
    """Caption list in JSON Lines: objects with "caption" (and optional id, page_date, source)."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return None
    items: list[CaptionItem] = []
    objects = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            warnings.append(f"{path}:{n}: not JSON ({e.msg}); line skipped")
            continue
        objects += 1
        if not isinstance(obj, dict) or not isinstance(obj.get("caption"), str):
            warnings.append(f"{path}:{n}: no \"caption\" text; line skipped")
            continue
        item_id = obj.get("id")
        items.append(CaptionItem(
            caption=obj["caption"],
            id=str(item_id) if item_id is not None else None,
            page_date=str(obj["page_date"]) if obj.get("page_date") else None,
            source=str(obj["source"]) if obj.get("source") else None,
            credit=str(obj["credit"]) if obj.get("credit") else None,
            locator=f"line {n}",
        ))
    if objects == 0:
        return None
    return items


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
