"""Read what users hand us: article texts and caption lists, from files, folders or stdin.

The reader only turns bytes into `Document`s (a text with its metadata, or a list of captions).
It sniffs the content rather than trusting the file name, and reports what it cannot read as a
`ReadError` with one clear sentence.
"""
from __future__ import annotations

import hashlib
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


@dataclass
class Document:
    path: str                  # as given, "-" for stdin
    kind: str                  # "article" | "caption-list"
    text: str = ""
    items: list[CaptionItem] = field(default_factory=list)
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    page_date: str | None = None
    sha: str = ""
    warnings: list[str] = field(default_factory=list)


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
        warnings.append(f"{path}: not valid UTF-8 at byte {e.start}; undecodable bytes replaced with \ufffd")
        return data.decode("utf-8-sig", errors="replace"), warnings


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.05


def read_document(path: str, page_date: str | None = None) -> Document:
    data = read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    text, warnings = decode(data, path)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    items = _jsonl_items(text, path, warnings)
    if items is not None:
        doc = Document(path=path, kind="caption-list", items=items, sha=sha, warnings=warnings, page_date=page_date)
        return doc
    doc = Document(path=path, kind="article", text=text, sha=sha, warnings=warnings)
    doc.title = _title(text)
    doc.page_date = page_date or _page_date_from_text(text)
    return doc


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
