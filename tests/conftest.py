import pytest


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test touches a real catalogue: the default db/ and CAPTIONS_DB point into a temp dir."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAPTIONS_DB", str(tmp_path / "test.db"))
    yield tmp_path
