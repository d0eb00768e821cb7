"""An export's lines, written by SQLite: one CSV line or one JSON object a row, byte for byte as
output.write_rows writes the row read back (a test checks it for any stored text).

A whole catalogue read in spans (spans.py) takes them with marks (Lines.marked): SQLite writes
each cell as it is stored, between marks, and one pass of bytes methods over a page of 10,000
lines escapes and finishes it (Lines.unmark).  SQLite searching every cell for a quote (CSV) or
escaping it (json_quote, JSON) was about half of its time for a CSV row and two thirds for a JSON
one.  A page the marks cannot write exactly is read again with the plain line: its text holds a
mark of its own, or (JSON) a control character that JSON escapes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .sql import ARTICLE_COLUMNS, kind


@dataclass(frozen=True)
class Lines:
    plain: str  # the line, SQL, written whole by SQLite
    marked: str  # the line with marks, for a page that `unmark` finishes
    # (page, lines in it) -> the page as the plain line writes it, or None where it cannot
    unmark: Callable[[bytes, int], bytes | None]


def csv_lines(columns: list[str], separator: str) -> Lines:
    return Lines(
        csv_line_sql(columns, separator),
        csv_line_sql(columns, separator, marked=True),
        partial(unmark_csv, marks=2 * sum(kind(column) != "id" for column in columns)),
    )


def json_lines(columns: list[str]) -> Lines | None:
    """None where a column is of a kind SQLite does not write (the rows are written in Python)."""
    plain, marked = json_line_sql(columns), _json_marked_sql(columns)
    return None if plain is None or marked is None else Lines(plain, marked, unmark_json)


def _column_sql(column: str) -> str:
    """A field's column: the document's (articles) or the image's own."""
    return f"articles.{ARTICLE_COLUMNS[column]}" if column in ARTICLE_COLUMNS else f"images.{column}"


def _flag_word(column: str) -> str:
    return f"CASE WHEN images.{column} THEN 'true' ELSE 'false' END"


# -- CSV -------------------------------------------------------------------------------------


def csv_line_sql(columns: list[str], separator: str, marked: bool = False) -> str:
    """SQLite SQL for one export line, as output.write_rows would write that row
    (csv.QUOTE_NONNUMERIC: the id bare, every other cell quoted with its quotes doubled, lists
    joined by `separator`).  One printf per row: a chain of || would copy the growing line once
    per cell.  `marked`: the quotes around cells written as CSV_MARK and the quotes inside them
    left single (unmark_csv)."""
    separator = separator.replace("'", "''")
    quote = CSV_MARK.decode() if marked else '"'
    formats, cells = [], []
    for column in columns:
        kind_of = kind(column)
        if kind_of == "id":
            formats.append("%d")
            cells.append(f"images.{column}")
            continue
        formats.append(f"{quote}%s{quote}")
        if kind_of == "flag":
            cells.append(_flag_word(column))  # a word of ours: no quote to double
            continue
        if kind_of == "sentences":
            cell = f"(SELECT group_concat(value, '{separator}') FROM json_each(images.{column}))"
        else:
            column_text = _column_sql(column)
            cell = f"replace({column_text}, char(31), '{separator}')" if kind_of == "names" else column_text
        if marked:
            cells.append(cell)
        elif kind_of == "sentences":
            cells.append(f"replace({cell}, '\"', '\"\"')")
        else:
            # replace() copies every cell, quote or none: only a cell with a quote is copied (a
            # column is read again more cheaply; the row builds ~40% faster)
            quoted = cell if '"' in separator else column_text  # where a quote can be
            cells.append(f"CASE WHEN instr({quoted}, '\"') THEN replace({cell}, '\"', '\"\"') ELSE {cell} END")
    return f"printf('{','.join(formats)}', {', '.join(cells)})"


# U+001C (the file separator), a control character no caption holds: a page whose text does hold
# one has more marks than its lines make.
CSV_MARK = b"\x1c"
_CSV_MARKS_TO_QUOTES = bytes.maketrans(CSV_MARK, b'"')


def unmark_csv(lines: bytes, rows: int, marks: int) -> bytes | None:
    """`rows` lines of csv_line_sql(marked=True), holding `marks` marks each, as the unmarked line
    writes them: every quote of the page, which can only be inside a cell, doubled, and the marks
    made quotes; None where the text holds a mark of its own."""
    if lines.count(CSV_MARK) != rows * marks:
        return None
    return lines.replace(b'"', b'""').translate(_CSV_MARKS_TO_QUOTES)


# -- JSON Lines --------------------------------------------------------------------------------


def json_line_sql(columns: list[str]) -> str | None:
    """SQLite SQL for one JSON Lines object, as output.json_text writes the row (json.dumps with
    its ", " and ": " separators; SQLite's json_quote escapes a string as json.dumps does with
    ensure_ascii=False, which a test checks on this SQLite); None where a column is of a kind it
    does not write."""
    formats, cells = [], []
    for column in columns:
        kind_of = kind(column)
        if kind_of == "id":
            formats.append("%d")
            cells.append(f"images.{column}")
            continue
        if column in ARTICLE_COLUMNS or kind_of == "text":
            cell = f"json_quote({_column_sql(column)})"
        elif kind_of == "flag":
            cell = _flag_word(column)
        elif kind_of == "names":
            # the items' separator U+001F, quoted with the rest, becomes the end of one string and
            # the start of the next
            cell = (
                f"CASE WHEN coalesce(images.{column}, '') = '' THEN '[]' "
                f"ELSE '[' || replace(json_quote(images.{column}), '\\u001f', '\", \"') || ']' END"
            )
        elif kind_of == "sentences":
            cell = (
                f"CASE WHEN coalesce(images.{column}, '[]') IN ('[]', '') THEN '[]' ELSE coalesce((SELECT '[' || "
                f"group_concat(json_quote(value), ', ') || ']' FROM json_each(images.{column})), '[]') END"
            )
        else:
            return None
        formats.append("%s")
        cells.append(cell)
    keys = ", ".join(f'"{column}": {fmt}' for column, fmt in zip(columns, formats))
    return f"printf('{{{keys}}}', {', '.join(cells)})"


# The JSON marks are bytes that UTF-8 text never holds (SQLite writes them from blobs), so that no
# stored text can be taken for one: where a quote goes, the end of one list item and the start of
# the next, and an item that is not a string (the page is then read with the plain line).
_QUOTE, _ITEM, _NOT_WRITTEN = b"\xff", b"\xfd", b"\xfc"
_JSON_MARKS_TO_QUOTES = bytes.maketrans(_QUOTE, b'"')
# What json.dumps escapes besides the quote and the backslash: the C0 controls.  A page's lines hold
# none but the newlines between them.
_NOT_CONTROLS = bytes(range(0x20, 0x100))
# The exported texts the schema lets be null (a test checks them against schema.py): short ones (a
# date, a name), each quoted by a concatenation that costs little at their length where it is not
# null, where every other string is quoted by the line itself.
NULLABLE_TEXT = frozenset({"date", "date_released", "source", "agency", "page_date"})


def _text_sql(marks: bytes) -> str:
    return f"CAST(X'{marks.hex()}' AS TEXT)"


def _json_marked_sql(columns: list[str]) -> str | None:
    """json_line_sql's object, each string as stored between _QUOTE marks (unmark_json)."""
    quote = _text_sql(_QUOTE)
    line, cells = bytearray(b"{"), []
    for n, column in enumerate(columns):
        kind_of = kind(column)
        line += (b", " if n else b"") + _QUOTE + column.encode() + _QUOTE + b": "
        if kind_of == "id":
            line += b"%d"
            cells.append(f"images.{column}")
        elif column in NULLABLE_TEXT:
            line += b"%s"
            cells.append(f"ifnull({quote} || {_column_sql(column)} || {quote}, 'null')")
        elif column in ARTICLE_COLUMNS or kind_of == "text":
            line += _QUOTE + b"%s" + _QUOTE
            cells.append(_column_sql(column))
        elif kind_of == "flag":
            line += b"%s"
            cells.append(_flag_word(column))
        elif kind_of == "names":
            line += b"[%s]"
            items = f"replace(images.{column}, char(31), {_text_sql(_ITEM)})"
            cells.append(f"CASE WHEN coalesce(images.{column}, '') = '' THEN '' ELSE {quote} || {items} || {quote} END")
        elif kind_of == "sentences":
            line += b"[%s]"
            item = f"CASE WHEN type = 'text' THEN {quote} || value || {quote} ELSE {_text_sql(_NOT_WRITTEN)} END"
            stored = f"images.{column}"
            cells.append(
                f"CASE WHEN coalesce({stored}, '[]') IN ('[]', '') THEN '' "
                f"ELSE (SELECT group_concat({item}, ', ') FROM json_each({stored})) END"
            )
        else:
            return None
    return f"printf({_text_sql(bytes(line + b'}'))}, {', '.join(cells)})"


def unmark_json(lines: bytes, rows: int) -> bytes | None:
    """`rows` lines of _json_marked_sql as json_line_sql writes them: the backslashes and quotes
    of the stored text escaped, then the marks made quotes and list items; None where the page
    holds what json.dumps escapes otherwise (a control character) or an item not a string."""
    if lines.translate(None, _NOT_CONTROLS) != b"\n" * (rows - 1) or _NOT_WRITTEN in lines:
        return None
    lines = lines.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(_ITEM, _QUOTE + b", " + _QUOTE)
    return lines.translate(_JSON_MARKS_TO_QUOTES)
