"""Fixtures every test file shares: an isolated catalogue, the command line, an article and a
catalogue of the examples."""

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from captions.cli import app_for

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Written for these tests in the conventions of the agencies (no real caption's words).
ARTICLE = """Pictures of the week

KCNA via Reuters
Kim Jong Un inspects a farm in Kangwon Province, in an image released March 3.
KCNA via Reuters
Workers wave flags.

Seoul residents watch the news on a screen in Seoul, South Korea, March 3, 2024.Image: Reuters/Jin Park
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test touches a real catalogue: the default db/ and CAPTIONS_DB point into a temp dir."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAPTIONS_DB", str(tmp_path / "test.db"))
    yield tmp_path


def empty_database(kind: str, sqlite_file) -> str:
    """An empty catalogue to test on: a fresh SQLite file, or the PostgreSQL server named by
    CAPTIONS_TEST_POSTGRES with its schema dropped and made anew (skipped without one)."""
    if kind == "sqlite":
        return str(sqlite_file)
    url = os.environ.get("CAPTIONS_TEST_POSTGRES")
    if not url:
        pytest.skip("set CAPTIONS_TEST_POSTGRES to a PostgreSQL URL to run this test against a server")
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def database():
    """`database(kind, sqlite_file)`: see empty_database (a fixture, so module fixtures can use it)."""
    return empty_database


class Cli:
    """`captions ARGS...` through typer's CliRunner, with the app `captions` itself would run
    (cli.app_for): `cli("list", "--unverifiable")`."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args, input=None):
        args = [str(a) for a in args]
        return self.runner.invoke(app_for(args), args, input=input)

    def rows(self, *args) -> list[dict]:
        """The rows `captions list --format json ARGS...` prints."""
        result = self("list", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()


def _credit_reads(credit: str, chain: list, photographers: list, flags: set, why: str) -> None:
    """A credit line reads as this chain, these photographers and these flags (file, pool, handout,
    anonymous): the check behind every table of credit conventions."""
    from captions.parsing.credit import parse_credit

    parsed = parse_credit(credit)
    assert [a.name for a in parsed.chain] == chain, why
    assert parsed.photographers == photographers, why
    marks = {"file": parsed.file_photo, "pool": parsed.pool, "handout": parsed.handout, "anonymous": parsed.anonymous}
    assert {name for name, on in marks.items() if on} == flags, why


@pytest.fixture
def credit_reads():
    return _credit_reads


@pytest.fixture
def article(tmp_path) -> Path:
    """An article text with two KCNA images credited on their own line and one with a glued credit."""
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def catalogue(tmp_path, cli) -> Path:
    """A catalogue of everything in examples/ (article, web page, caption list, photos)."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    db = tmp_path / "examples.db"
    result = cli("ingest", tmp_path / "examples", "--db", db)
    assert result.exit_code == 0, result.output
    return db
