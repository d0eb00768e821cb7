"""One declaration of a record's fields: parse keys, stored columns, export columns and flags all
derive from fields.FIELDS, and the catalogue's schema (as the migrations build it) agrees."""

import json

from sqlalchemy import create_engine, inspect

from captions import parse_caption
from captions.catalogue.migrations import migrate
from captions.catalogue.schema import Image
from captions.catalogue.search import SEARCH_TABLES
from captions.catalogue.writer import IMAGE_COLUMNS, stored_row
from captions.fields import EXPORT_COLUMNS, FIELDS, FLAGS, PARSE_COLUMNS, STORED_COLUMNS


def test_the_stored_fields_are_the_columns_of_images():
    columns = {c.name for c in Image.__table__.columns} - {"id", "article_id"}
    assert columns == set(STORED_COLUMNS)


def test_a_record_gives_every_parse_key_and_stored_value():
    record = parse_caption("Soldiers march in Pyongyang on May 2, 2024. (KCNA via AP)", locator="line 3")
    row = record.as_dict()
    assert list(row) == PARSE_COLUMNS + ["flags"]
    assert row["chain"] == ["KCNA", "AP"] and row["locator"] == "line 3"
    assert row["flags"].startswith("state_media") and row["provenance"] == "state_media"
    values = dict(zip(IMAGE_COLUMNS, stored_row(record).values))
    assert set(values) == set(STORED_COLUMNS) - {"chain"}
    assert json.loads(values["reasons"]) == row["reasons"]


def test_flags_are_fields_and_every_reason_is_kept():
    record = parse_caption(
        "A ship in Nampo. The content of this image is as provided and cannot be "
        "independently verified. (KCNA via Yonhap)"
    )
    assert set(FLAGS) <= {f.name for f in FIELDS}
    assert record.unverifiable and record.state_media and record.disclaimer
    # the state-media reason and the disclaimer's words both reach the record's reasons
    assert any("KCNA" in r for r in record.reasons) and any("independently verified" in r for r in record.reasons)


def test_export_columns_are_a_subset_in_declaration_order():
    order = [f.name for f in FIELDS]
    assert sorted(EXPORT_COLUMNS, key=order.index) == EXPORT_COLUMNS


def test_the_migrations_build_the_schema_the_models_declare(tmp_path):
    """A fresh catalogue gets its tables from the frozen migrations, not from today's models: they
    must agree, column for column and index for index."""
    from sqlmodel import SQLModel

    migrated = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    migrate(migrated)
    declared = create_engine(f"sqlite:///{tmp_path / 'declared.db'}")
    SQLModel.metadata.create_all(declared)

    def shape(engine):
        inspector = inspect(engine)
        out = {}
        for table in inspector.get_table_names():
            if table == "schema_migrations" or table.startswith(SEARCH_TABLES):
                continue  # the search index: FTS5 tables that m005 makes, no model declares
            columns = {(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)}
            indexes = {(i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table)}
            out[table] = (columns, indexes)
        return out

    assert shape(migrated) == shape(declared)


def test_a_caption_cut_at_the_cap_is_flagged_truncated_with_the_reason(tmp_path):
    """A caption longer than the cap keeps its start and its closing credit, and says it was cut."""
    import json as json_

    from typer.testing import CliRunner

    from captions.cli import app

    src = tmp_path / "long.jsonl"
    long = "Crowds gather along the river. " * 1500 + "(AP Photo/Ann Lee)"
    src.write_text(json_.dumps({"id": "x1", "caption": long}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(src), "--format", "jsonl"])
    row = json_.loads(result.stdout.splitlines()[0])
    assert row["truncated"] and row["chain"] == ["AP"]
    assert any("cut to 20,000 characters" in reason for reason in row["reasons"]), row["reasons"]
