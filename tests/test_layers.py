"""The data flows one way: each layer imports only the layers below it (imports inside functions
count too; those under `if TYPE_CHECKING:` are types only and do not)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "captions"

# what each part of the package may not import
FORBIDDEN = {
    "organisations": {"parsing", "readers", "catalogue", "ingest", "web", "cli", "record", "values"},
    "fields": {"parsing", "readers", "catalogue", "ingest", "web", "cli", "organisations", "values", "record"},
    "record": {"parsing", "readers", "catalogue", "ingest", "web", "cli", "organisations", "values"},
    "parsing": {"readers", "catalogue", "ingest", "web", "cli", "values"},
    "readers": {"catalogue", "ingest", "web", "cli", "values"},
    "catalogue": {"parsing", "readers", "ingest", "web", "cli"},
    "ingest": {"web", "cli"},
    "web": {"cli"},
    "output": {"parsing", "readers", "catalogue", "ingest", "web", "cli", "record"},
}


def _part(module: str) -> str:
    """captions.parsing.credit -> parsing; captions.record -> record."""
    return module.split(".")[1] if module.count(".") else module


def _imports(path: Path) -> set[str]:
    """The captions modules a file imports, as absolute names."""
    module = "captions." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    out = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            name = ".".join(base + ([node.module] if node.module else []))
            out.add(name)
            if not node.module:
                out.update(f"{name}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("captions"):
            out.add(node.module)
    return {m for m in out if m.startswith("captions.")}


FILES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PACKAGE)) for p in FILES])
def test_a_module_imports_only_layers_below_it(path):
    part = _part("captions." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    forbidden = FORBIDDEN.get(part, set())
    wrong = sorted(m for m in _imports(path) if _part(m) in forbidden)
    assert not wrong, f"{path.relative_to(PACKAGE)} imports {wrong}"


def test_nothing_imports_the_command_line():
    for path in FILES:
        if path.name != "__main__.py" and path.parent.name != "cli":
            assert not any(_part(m) == "cli" for m in _imports(path)), path
