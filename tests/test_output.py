"""How rows are printed: the table `list` prints is the table tabulate prints, cell for cell."""

from hypothesis import given, settings
from hypothesis import strategies as st

from captions.output import printable, to_string

COLUMNS = ["id", "chain", "flags", "description"]


def tabulated(rows: list[dict], max_width: int) -> str:
    """The table as tabulate lays it out from cells made one at a time: the reference."""
    from tabulate import tabulate

    def cell(value, column: str) -> str:
        if column == "chain" and isinstance(value, list):
            text = " → ".join(value)
        elif isinstance(value, list):
            text = "; ".join(value)
        else:
            text = "" if value is None else str(value)
        text = printable(" ".join(text.split()))
        return text[: max_width - 1] + "…" if len(text) > max_width else text

    table = [[cell(row[c], c) for c in COLUMNS] for row in rows]
    return tabulate(table, headers=COLUMNS, tablefmt="simple", disable_numparse=True) + "\n"


# Text with what a table must tidy: runs of spaces and line breaks, tabs, controls, bidi overrides,
# a soft hyphen, accents and wide letters.
TEXT = st.text(alphabet=st.sampled_from(list("ab Z  \n\t\r\x1b\x85\u202e\u00ad\u3000é→新-\"'%")), max_size=70)
ROW = st.fixed_dictionaries(
    {
        "id": st.integers(min_value=1, max_value=10**12),
        "chain": st.one_of(st.lists(TEXT, max_size=3), st.none()),
        "flags": TEXT,
        "description": st.one_of(TEXT, st.none()),
    }
)


@settings(max_examples=100, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=6), st.sampled_from([0, 5, 60]))
def test_a_simple_table_is_the_table_tabulate_prints(rows, max_width):
    reference = tabulated(rows, max_width) if max_width else tabulated(rows, 10**9)
    assert to_string(rows, COLUMNS, "table", max_width=max_width) == reference


def test_an_empty_table_is_its_header():
    assert (
        to_string([], COLUMNS, "table")
        == "id    chain    flags    description\n----  -------  -------  -------------\n"
    )


NESTED = st.fixed_dictionaries(
    {
        "id": st.integers(),
        "flag": st.booleans(),
        "chain": st.lists(TEXT, max_size=3),
        "note": st.one_of(st.none(), TEXT, st.just('}, {"'), st.just('x"}, {"y')),
        "disclaimers": st.lists(st.fixed_dictionaries({"kind": TEXT, "text": TEXT}), max_size=2),
    }
)


@settings(max_examples=40, deadline=None)
@given(st.lists(NESTED, max_size=2100), st.booleans())
def test_json_lines_written_a_page_at_a_time_are_written_a_line_at_a_time(rows, nested):
    """JSON Lines are encoded a page of rows at a time; each line is still json_text of its row,
    whatever the values hold (quotes, braces, unsafe characters, objects in a list)."""
    from captions.output import json_text

    columns = ["id", "flag", "chain", "note"] + (["disclaimers"] if nested else [])
    expected = "".join(json_text({c: row[c] for c in columns}) + "\n" for row in rows)
    assert to_string(rows, columns, "jsonl") == expected


def test_json_lines_across_pages_with_one_page_holding_objects():
    from captions.output import json_text

    rows = [{"id": i, "note": f'row {i} says "}}, {{" here', "d": []} for i in range(2345)]
    rows[1500]["d"] = [{"kind": "usage", "text": "no resale"}, {"kind": "territory", "text": "no UK"}]
    expected = "".join(json_text(row) + "\n" for row in rows)
    assert to_string(rows, ["id", "note", "d"], "jsonl") == expected
