"""One way to print rows, shared by every command: table, csv, json or jsonl.

Stored text is whatever the inputs held.  Nothing printed may act on the terminal that shows it:
control characters (C0 but the line breaks a format means, DEL, C1 such as the 8-bit CSI), bidi
overrides and isolates, and invisible format characters are shown as escapes (`\\x1b`, `<U+202E>`)
in tables, text and CSV, and as `\\uXXXX` in JSON, which reads back to the same text.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import sys
from collections.abc import Iterable
from functools import cache
from typing import BinaryIO, Literal, TextIO

LIST_SEPARATOR = "; "
CHAIN_ARROW = " → "  # a chain in a table: custody order, left to right
# The lists a table prints as one text each (Catalogue.query_columns(joined=...)).
TABLE_JOINS = {
    "chain": CHAIN_ARROW,
    "photographers": LIST_SEPARATOR,
    "people": LIST_SEPARATOR,
    "places": LIST_SEPARATOR,
}

# What a terminal would act on or hide rather than show: C0 and C1 controls, DEL; bidi embeddings,
# overrides, isolates and marks (a caption could read backwards: "Trojan Source"); invisible and
# deprecated format characters; line and paragraph separators; tag characters; lone surrogates.
# ZWJ and ZWNJ (U+200C, U+200D) are left alone: Persian, Indic scripts and emoji need them.
UNSAFE_RANGES = (
    (0x00, 0x1F),
    (0x7F, 0x9F),
    (0xAD, 0xAD),
    (0x061C, 0x061C),
    (0x180E, 0x180E),
    (0x200B, 0x200B),
    (0x200E, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0xE0000, 0xE007F),
)


def _char_class(ranges, keep: str) -> re.Pattern:
    parts = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)
    kept = "".join(f"\\U{ord(c):08x}" for c in keep)
    return re.compile(f"(?![{kept}])[{parts}]" if keep else f"[{parts}]")


@cache
def _unsafe(keep: str) -> re.Pattern:
    """The unsafe characters but `keep` (compiled when first needed: most text never needs it)."""
    return _char_class(UNSAFE_RANGES, keep)


@cache
def _unsafe_in_json() -> re.Pattern:
    return _char_class(UNSAFE_RANGES[1:], "")  # json.dumps escapes C0 itself


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0xA0 else f"<U+{code:04X}>"


def printable(text: str, keep: str = "") -> str:
    """`text` with every character a terminal would act on or hide shown as an escape: "\\x1b",
    "\\x9b", "<U+202E>".  `keep` names line breaks the output means ("\\n" in a multi-line cell,
    "\\n\\t" in CSV, whose quoting holds them)."""
    if text.isprintable():  # false for every character escaped here (and more): the common case
        return text
    pattern = _unsafe(keep)
    return pattern.sub(_escape, text) if pattern.search(text) else text


def _json_escape(match: re.Match) -> str:
    return _json_escape_char(match.group())


def _json_escape_char(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(value, indent: int | None = None) -> str:
    """JSON of `value` with unsafe characters as \\uXXXX escapes (the same text once decoded)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _json_safe(text)


def _json_safe(text: str) -> str:
    if text.isprintable():  # as in printable(): nothing to escape
        return text
    pattern = _unsafe_in_json()
    return pattern.sub(_json_escape, text) if pattern.search(text) else text


def _cell(value) -> str:
    if type(value) is str:  # most cells: checked first, export runs this for every cell
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _csv_cell(value):
    return value if type(value) is int else _cell(value)  # a number stays bare (CSV_QUOTING)


def _safe_csv_cell(value):
    return value if type(value) is int else neutralise(printable(_cell(value), "\n\t"))


def _table_column(values: list, width: int, column: str = "") -> list[str]:
    """A column's cells as a table shows them: on one line, whitespace collapsed, made printable,
    cut to `width` with an ellipsis.

    A cut cell shows the start of its text, and tidying works left to right (the start of a text
    tidies to the start of the tidied whole), so only the first 2 × `width` characters of a long
    cell are tidied; the few whose start tidies too short are tidied whole."""
    if column == "chain":  # custody order reads left to right
        texts = [v if type(v) is str else CHAIN_ARROW.join(v) if isinstance(v, list) else _cell(v) for v in values]
    else:
        texts = [v if type(v) is str else str(v) if type(v) is int else _cell(v) for v in values]
    reach = 2 * width
    if width > 0 and max(map(len, texts), default=0) > reach:
        # a cut start loses its trailing whitespace, as tidying the start would
        shown = _tidied([t[:reach].rstrip() if len(t) > reach else t for t in texts])
        for i, text in enumerate(texts):
            if len(text) > reach and len(shown[i]) <= width:
                shown[i] = _tidied([text])[0]
        texts = shown
    else:
        texts = _tidied(texts)
    if width > 0 and max(map(len, texts), default=0) > width:
        texts = [t if len(t) <= width else t[: width - 1] + "…" for t in texts]
    return texts


def _tidied(texts: list[str]) -> list[str]:
    """Each text on one line, whitespace collapsed, made printable.  The column is checked as one
    text, and only a column that needs it is worked cell by cell: a long list prints at the speed
    of a few scans.  str.isprintable is false for every character printable() escapes and every
    whitespace but the space, so a printable column needs only its spaces checked."""
    joined = "\n".join(texts)
    tidy = (
        joined.count("\n") == len(texts) - 1  # no line break inside a cell
        and joined.replace("\n", " ").isprintable()
        and not (joined[:1] == " " or joined[-1:] == " ")
        and not ("  " in joined or " \n" in joined or "\n " in joined)
    )
    if tidy:
        return texts
    texts = [" ".join(t.split()) for t in texts]
    return [t if t.isprintable() else printable(t) for t in texts]


def _simple_table(columns: list[list[str]], headers: list[str]) -> str:
    """tabulate's "simple" table (text left-aligned, a column as wide as its widest cell or its
    header and two spaces, lines without trailing spaces), made with one format per line."""
    widths = [max(len(h) + 2, max(map(len, c), default=0)) for h, c in zip(headers, columns)]
    line = "  ".join(f"%-{w}s" for w in widths)
    lines = [(line % tuple(headers)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += [(line % row).rstrip() for row in zip(*columns)]
    return "\n".join(lines)


def _tabulate_measures_width() -> bool:
    """tabulate counts display width (wide CJK letters as two) when wcwidth is installed: then it
    lays tables out itself."""
    from importlib.util import find_spec

    return find_spec("wcwidth") is not None


def write_table(rows: Iterable[dict], columns: list[str], out: TextIO, tablefmt: str, max_width: int) -> int:
    data = [[row.get(c) for c in columns] for row in rows]
    values = dict(zip(columns, map(list, zip(*data)))) if data else {c: [] for c in columns}
    return write_table_columns(values, columns, out, tablefmt, max_width)


def write_table_columns(
    values: dict[str, list], columns: list[str], out: TextIO, tablefmt: str = "simple", max_width: int = 60
) -> int:
    """A table of `columns` given as one list of values each; returns the rows written."""
    n = len(values[columns[0]]) if columns else 0
    cells = [_table_column(values[c], max_width, c) for c in columns]
    if tablefmt == "simple" and n and not _tabulate_measures_width():
        out.write(_simple_table(cells, columns) + "\n")
    else:
        from tabulate import tabulate

        table = [list(row) for row in zip(*cells)]
        out.write(tabulate(table, headers=columns, tablefmt=tablefmt, disable_numparse=True) + "\n")
    return n


# OWASP CSV injection: a cell a spreadsheet would read as a formula starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)


def neutralise(cell: str) -> str:
    """Make a CSV cell safe to open in a spreadsheet: prefix a quote to what would run as a formula."""
    return "'" + cell if cell[:1] in _FORMULA_FIRST else cell


# Every CSV cell is quoted but a number (an id, a count): a cell's quoting never depends on its text,
# so that SQLite can write an export's lines itself (store.Catalogue.csv_pages) byte for byte as
# write_rows does, and a formula cell is always found right after `,"` (_QUOTED_FORMULA).
CSV_QUOTING: Literal[2] = csv.QUOTE_NONNUMERIC
_QUOTED_FORMULA = re.compile(b',"(?=[' + re.escape("".join(FORMULA_START).encode()) + b"])")


def csv_header(columns: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=CSV_QUOTING).writerow(columns)
    return buf.getvalue()


def _utf8_class(ranges, keep: str) -> re.Pattern:
    """The UTF-8 byte sequences of the characters in `ranges` (but `keep`), grouped by their
    leading bytes, behind a one-byte lookahead so that a page is scanned at the speed of a class."""
    endings: dict[bytes, list[int]] = {}
    for lo, hi in ranges:
        for code in range(lo, hi + 1):
            if chr(code) in keep or 0xD800 <= code <= 0xDFFF:
                continue
            encoded = chr(code).encode("utf-8")
            endings.setdefault(encoded[:-1], []).append(encoded[-1])
    alternatives = [
        re.escape(prefix) + b"[" + b"".join(re.escape(bytes([b])) for b in last) + b"]"
        for prefix, last in endings.items()
    ]
    leads = sorted(
        {(prefix or bytes(last))[0] for prefix, last in endings.items()}
        | {b for prefix, last in endings.items() if not prefix for b in last}
    )
    lead_class = b"".join(re.escape(bytes([b])) for b in leads)
    return re.compile(b"(?=[" + lead_class + b"])(?:" + b"|".join(alternatives) + b")")


@cache
def _unsafe_utf8() -> re.Pattern:
    return _utf8_class(UNSAFE_RANGES, "\n\t")


# The bytes that are whole characters printable() keeps: printable ASCII, and the newline and tab
# that a CSV cell keeps (in a JSON line SQLite has escaped both inside strings; a newline ends a line).
_KEPT_ASCII = bytes(range(0x20, 0x7F)) + b"\n\t"


def _printable_utf8(lines: bytes) -> bool:
    """Whether lines hold nothing printable() would escape.  The ASCII that is kept as it is goes
    first (one pass of bytes.translate), and what is left, the other characters whole (a UTF-8
    sequence is made only of bytes above ASCII), is decoded and tested with str.isprintable: most
    of a page is ASCII, and decoding all of it was most of the time an export spent here."""
    try:
        return lines.translate(None, _KEPT_ASCII).decode("utf-8").isprintable()
    except UnicodeDecodeError:
        return False


def _escape_utf8(match: re.Match) -> bytes:
    return printable(match.group().decode("utf-8")).encode("utf-8")


def write_csv_pages(pages: Iterable[tuple[int, bytes]], columns: list[str], out: BinaryIO, raw: bool = False) -> int:
    """Write CSV lines made elsewhere (pages of (rows, UTF-8 bytes), first cell a number) under a
    header of `columns`, escaping unsafe characters and neutralising formula cells as write_rows
    does unless `raw`; returns the rows.
    Inside a quoted cell every quote is doubled, so `,"` followed by a formula character can only
    be the start of a cell."""
    out.write(csv_header(columns).encode("utf-8"))
    n = 0
    for rows, lines in pages:
        if not raw:
            if not _printable_utf8(lines) and _unsafe_utf8().search(lines):
                lines = _unsafe_utf8().sub(_escape_utf8, lines)
            lines = _QUOTED_FORMULA.sub(b",\"'", lines)
        out.write(lines)
        n += rows
    return n


@cache
def _unsafe_json_utf8() -> re.Pattern:
    return _utf8_class(UNSAFE_RANGES[1:], "")  # a JSON string holds no C0 control: they are escaped


def _json_escape_utf8(match: re.Match) -> bytes:
    return _json_escape_char(match.group().decode("utf-8")).encode("utf-8")


def write_json_pages(pages: Iterable[tuple[int, bytes]], out: BinaryIO) -> int:
    """Write JSON lines made elsewhere (pages of (rows, UTF-8 bytes)), unsafe characters escaped
    as json_text escapes them; returns the rows."""
    n = 0
    for rows, lines in pages:
        if not _printable_utf8(lines) and _unsafe_json_utf8().search(lines):
            lines = _unsafe_json_utf8().sub(_json_escape_utf8, lines)
        out.write(lines)
        n += rows
    return n


# Where one object ends and the next begins in a JSON list of flat objects: a quote inside a
# string is always escaped, so this is never inside a value.
_BETWEEN_OBJECTS = '}, {"'
_PAGE = 1000


def write_json_lines(rows: Iterable[dict], columns: list[str], out: TextIO) -> int:
    """One JSON object a line (as json_text writes each), encoded a page of rows at a time: one
    json.dumps of the page's list, its objects then split apart where the list separates them.
    A page whose values hold objects of their own (where the separator can recur) is written a
    row at a time."""
    n = 0
    page: list[dict] = []
    for row in rows:
        page.append(row if list(row) == columns else {c: row.get(c) for c in columns})
        if len(page) == _PAGE:
            n += _write_json_page(page, out)
            page = []
    return n + (_write_json_page(page, out) if page else 0)


def _write_json_page(page: list[dict], out: TextIO) -> int:
    text = json.dumps(page, ensure_ascii=False)[1:-1]
    if text.count(_BETWEEN_OBJECTS) == len(page) - 1:
        out.write(_json_safe(text).replace(_BETWEEN_OBJECTS, '}\n{"') + "\n")
    else:
        out.write("".join(json_text(obj) + "\n" for obj in page))
    return len(page)


def write_rows(
    rows: Iterable[dict],
    columns: list[str],
    fmt: str,
    out: TextIO,
    tablefmt: str = "simple",
    max_width: int = 60,
    raw: bool = False,
) -> int:
    """Write rows in the chosen format; returns how many were written.  CSV cells that a spreadsheet
    would run as formulas are neutralised unless `raw`."""
    n = 0
    if fmt == "jsonl":
        n = write_json_lines(rows, columns, out)
    elif fmt == "json":
        out.write("[")
        for row in rows:
            out.write(("," if n else "") + "\n  " + json_text({c: row.get(c) for c in columns}))
            n += 1
        out.write("\n]\n" if n else "]\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n", quoting=CSV_QUOTING)
        writer.writerow(columns)
        cell = _csv_cell if raw else _safe_csv_cell
        for row in rows:
            writer.writerow([cell(row.get(c)) for c in columns])
            n += 1
    else:
        n = write_table(rows, columns, out, tablefmt, max_width)
    return n


@contextlib.contextmanager
def progress_bar(label: str):
    """A progress bar on stderr for long runs, when stderr is a terminal: yields `start(total)`,
    which returns the callable that advances it (None when there is no terminal)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:

        def start(total: int):
            if total < 20:
                return lambda: None
            task = bar.add_task("files", total=total)
            return lambda: bar.advance(task)

        yield start


def silence_stdout() -> None:
    """After a broken pipe (`captions list | head`): point stdout at /dev/null so that Python's
    final flush does not complain."""
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def write_one(row: dict, fmt: str, out: TextIO) -> None:
    """One record: a JSON object (not a list of one) for json, else like any other rows."""
    if fmt == "json":
        out.write(json_text(row, indent=2) + "\n")
    else:
        write_rows([row], list(row), fmt, out)


def refuse_database_target(target, catalogue) -> None:
    """An export never replaces the catalogue (a Path, or None for a server), or any other SQLite
    database, unless the user insists (--force)."""
    from .errors import UsageError

    same = catalogue is not None and target.exists() and catalogue.exists() and target.samefile(catalogue)
    try:
        with open(target, "rb") as fh:
            is_sqlite = fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        is_sqlite = False
    if same or is_sqlite:
        raise UsageError(
            f"{target} is {'the catalogue itself' if same else 'an SQLite database'}: not overwritten",
            hint="name another file, or pass --force to replace it",
        )


def export_images(
    catalogue, filters, registry, out: TextIO, fmt: str, tablefmt: str = "simple", raw: bool = False
) -> int:
    """Write the export of the images that pass `filters`; returns how many.  CSV and JSON Lines
    from SQLite have the database write the lines (several times the rows per second of
    building each row here)."""
    from .fields import EXPORT_COLUMNS

    binary = getattr(out, "buffer", None)
    if binary is not None and fmt in ("csv", "jsonl"):
        pages = catalogue.csv_pages(filters, registry) if fmt == "csv" else catalogue.json_pages(filters, registry)
        if pages is not None:
            out.flush()
            if fmt == "csv":
                n = write_csv_pages(pages, EXPORT_COLUMNS, binary, raw=raw)
            else:
                n = write_json_pages(pages, binary)
            binary.flush()
            return n
    rows = catalogue.query_images(filters, registry, EXPORT_COLUMNS)
    return write_rows(rows, EXPORT_COLUMNS, fmt, out, tablefmt=tablefmt, raw=raw)


def write_to_file(path, write) -> int:
    """`write(fh)` into `path` whole or not at all: a `.part` file replaces it at the end."""
    from .errors import CaptionsError

    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            n = write(fh)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise CaptionsError(f"cannot write {path}: {e.strerror or e}")
    return n


def to_string(rows, columns, fmt, **kw) -> str:
    buf = io.StringIO()
    write_rows(rows, columns, fmt, buf, **kw)
    return buf.getvalue()


# -- one record or one organisation, as text for a person --------------------------------------

_SHOWN = (
    "description",
    "credit",
    "date",
    "date_released",
    "photographers",
    "chain",
    "source",
    "agency",
    "provenance",
    "people",
    "places",
    "language",
    "c2pa",
)


def record_text(row: dict) -> str:
    """One stored image as `captions show` prints it: its fields, its flags and every reason.
    Every value is made printable; only the raw caption keeps its line breaks, its further lines
    indented so that none can pass for a field of its own."""
    from .fields import flags_text

    out = [f"image {row['id']}  ({printable(str(row['file']))}, {printable(str(row['locator']))})"]
    for key in _SHOWN:
        value = row.get(key)
        if key == "c2pa" and not value:
            continue
        if isinstance(value, list):
            value = (" -> " if key == "chain" else ", ").join(value)
        out.append(f"  {key:<14} {printable(str(value)) if value not in (None, '') else '-'}")
    out.append(f"  {'flags':<14} {flags_text(row) or '-'}")
    out += [f"    because {printable(reason)}" for reason in row["reasons"]]
    out += [f"  {printable(d['kind'] + ' note'):<14} {printable(d['text'])}" for d in row["disclaimers"]]
    raw = printable(row["raw"] or "", "\n").replace("\n", "\n" + " " * 17)
    out.append(f"  {'raw':<14} {raw}")
    return "\n".join(out)


def source_text(row: dict, verdict: str) -> str:
    """One registry entry as `captions sources show` prints it, with what follows from it."""
    lines = [printable(row["name"])]
    for key in ("aliases", "country", "kind", "control", "tier", "as_of", "source", "note", "defined_in"):
        value = row[key]
        if key == "aliases":
            value = ", ".join(value)
        elif key == "country" and value:
            value = f"{value} ({row['country_name']})"
        elif key == "control":
            value = f"{value} ({row['control_meaning']})"
        lines.append(f"  {key:<11} {printable(str(value)) if value else '-'}")
    lines.append(f"  {'therefore':<11} {printable(verdict)}")
    return "\n".join(lines)
