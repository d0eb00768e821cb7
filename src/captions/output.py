"""One way to print rows, shared by every command: table, csv, json or jsonl."""
from __future__ import annotations

import csv
import io
import json
import re
from typing import BinaryIO, Iterable, TextIO

LIST_SEPARATOR = "; "


def _cell(value) -> str:
    if type(value) is str:          # most cells: checked first, export runs this for every cell
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
    return value if type(value) is int else _cell(value)     # a number stays bare (CSV_QUOTING)


def _safe_csv_cell(value):
    return value if type(value) is int else neutralise(_cell(value))


def _table_cell(value, width: int, column: str = "") -> str:
    if column == "chain" and isinstance(value, list):
        text = " → ".join(value)      # custody order reads left to right
    else:
        text = _cell(value)
    text = " ".join(text.split())
    if width > 0 and len(text) > width:
        text = text[: width - 1] + "…"
    return text


# OWASP CSV injection: a cell a spreadsheet would read as a formula starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)


def neutralise(cell: str) -> str:
    """Make a CSV cell safe to open in a spreadsheet: prefix a quote to what would run as a formula."""
    return "'" + cell if cell[:1] in _FORMULA_FIRST else cell


# Every CSV cell is quoted but a number (an id, a count): a cell's quoting never depends on its text,
# so that SQLite can write an export's lines itself (store.Catalogue.csv_pages) byte for byte as
# write_rows does, and a formula cell is always found right after `,"` (_QUOTED_FORMULA).
CSV_QUOTING = csv.QUOTE_NONNUMERIC
_QUOTED_FORMULA = re.compile(b',"(?=[' + re.escape("".join(FORMULA_START).encode()) + b'])')


def csv_header(columns: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=CSV_QUOTING).writerow(columns)
    return buf.getvalue()


def write_csv_pages(pages: Iterable[tuple[int, bytes]], columns: list[str], out: BinaryIO,
                    raw: bool = False) -> int:
    """Write CSV lines made elsewhere (pages of (rows, UTF-8 bytes), first cell a number) under a
    header of `columns`, neutralising formula cells as write_rows does unless `raw`; returns the rows.
    Inside a quoted cell every quote is doubled, so `,"` followed by a formula character can only
    be the start of a cell."""
    out.write(csv_header(columns).encode("utf-8"))
    n = 0
    for rows, lines in pages:
        out.write(lines if raw else _QUOTED_FORMULA.sub(b",\"'", lines))
        n += rows
    return n


def write_rows(rows: Iterable[dict], columns: list[str], fmt: str, out: TextIO,
               tablefmt: str = "simple", max_width: int = 60, raw: bool = False) -> int:
    """Write rows in the chosen format; returns how many were written.  CSV cells that a spreadsheet
    would run as formulas are neutralised unless `raw`."""
    n = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        out.write("[")
        for row in rows:
            out.write(("," if n else "") + "\n  " + json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False))
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
        from tabulate import tabulate
        table = []
        for row in rows:
            table.append([_table_cell(row.get(c), max_width, c) for c in columns])
            n += 1
        out.write(tabulate(table, headers=columns, tablefmt=tablefmt, disable_numparse=True) + "\n")
    return n


def to_string(rows, columns, fmt, **kw) -> str:
    buf = io.StringIO()
    write_rows(rows, columns, fmt, buf, **kw)
    return buf.getvalue()


# -- one record or one organisation, as text for a person --------------------------------------

_SHOWN = ("description", "credit", "date", "date_released", "photographers", "chain", "source", "agency",
          "provenance", "people", "places", "language", "c2pa")


def record_text(row: dict) -> str:
    """One stored image as `captions show` prints it: its fields, its flags and every reason."""
    from .record import flags_text
    out = [f"image {row['id']}  ({row['file']}, {row['locator']})"]
    for key in _SHOWN:
        value = row.get(key)
        if key == "c2pa" and not value:
            continue
        if isinstance(value, list):
            value = (" -> " if key == "chain" else ", ").join(value)
        out.append(f"  {key:<14} {value if value not in (None, '') else '-'}")
    out.append(f"  {'flags':<14} {flags_text(row) or '-'}")
    out += [f"    because {reason}" for reason in row["reasons"]]
    out += [f"  {d['kind'] + ' note':<14} {d['text']}" for d in row["disclaimers"]]
    out.append(f"  {'raw':<14} {row['raw']}")
    return "\n".join(out)


def source_text(row: dict, verdict: str) -> str:
    """One registry entry as `captions sources show` prints it, with what follows from it."""
    lines = [row["name"]]
    for key in ("aliases", "country", "kind", "control", "tier", "as_of", "source", "note", "defined_in"):
        value = row[key]
        if key == "aliases":
            value = ", ".join(value)
        elif key == "country" and value:
            value = f"{value} ({row['country_name']})"
        elif key == "control":
            value = f"{value} ({row['control_meaning']})"
        lines.append(f"  {key:<11} {value or '-'}")
    lines.append(f"  {'therefore':<11} {verdict}")
    return "\n".join(lines)
