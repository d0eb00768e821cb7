"""Which organisation a name stands for, without building the registry.

`list --agency KCNA` and `list --source` look up one name.  Building the registry to do it (1,756
organisations, their aliases folded) costs more than the query and the rest of the command
together, so the shipped registry's spellings are kept folded in one file,
data/organisation_names.tsv: `key<TAB>canonical name`, an exact spelling's key written with a
leading "=" (registry.exact_key), the others as registry.alias_key folds them.  It is built from
data/organisations/*.csv by

    python -m captions.organisations.name_index

and a test checks that it reads every name as the registry does.  Where a user registry file is
in use, its rows can rename anything, and the registry itself is loaded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .keys import alias_key, exact_key

if TYPE_CHECKING:
    from .registry import AgencyRegistry

INDEX_FILE = "organisation_names.tsv"
_HEADER = "key\tname"
DEFAULT_USER_REGISTRY = Path("db") / "registry.csv"


class NameLookup(Protocol):
    def canonical_name(self, name: str) -> str | None: ...


class NameIndex:
    """Spelling keys -> canonical names, looked up the way AgencyRegistry.lookup looks them up."""

    def __init__(self, exact: dict[str, str], by_alias: dict[str, str]):
        self.exact = exact
        self.by_alias = by_alias

    @classmethod
    def shipped(cls) -> NameIndex:
        from .. import vocab

        exact: dict[str, str] = {}
        by_alias: dict[str, str] = {}
        for line in vocab.text(INDEX_FILE).splitlines()[1:]:
            key, name = line.split("\t")
            if key.startswith("="):
                exact[key[1:]] = name
            else:
                by_alias[key] = name
        return cls(exact, by_alias)

    @classmethod
    def of(cls, registry: AgencyRegistry) -> NameIndex:
        return cls(dict(registry.exact_names()), dict(registry.alias_names()))

    def canonical_name(self, name: str) -> str | None:
        return self.exact.get(exact_key(name)) or self.by_alias.get(alias_key(name))

    def text(self) -> str:
        lines = [_HEADER]
        lines += [f"={key}\t{name}" for key, name in sorted(self.exact.items())]
        lines += [f"{key}\t{name}" for key, name in sorted(self.by_alias.items())]
        return "\n".join(lines) + "\n"


def user_registry_path(option: str | None = None) -> Path:
    """--registry, then CAPTIONS_REGISTRY, then db/registry.csv (used only when it exists)."""
    return Path(option or os.environ.get("CAPTIONS_REGISTRY") or DEFAULT_USER_REGISTRY)


def name_lookup(option: str | None = None) -> NameLookup:
    """What reads organisation names for a query: the shipped index, or, where a user registry
    file is in use (--registry, CAPTIONS_REGISTRY, db/registry.csv), the registry with its rows."""
    explicit = bool(option or os.environ.get("CAPTIONS_REGISTRY"))
    path = user_registry_path(option)
    if not explicit and not path.exists():
        return NameIndex.shipped()
    from .registry import load_registry

    return load_registry(path, explicit=explicit)


def main(argv: list[str]) -> int:
    from .. import vocab
    from .registry import AgencyRegistry

    target = Path(argv[0]) if argv else vocab.data_path(INDEX_FILE)
    target.write_text(NameIndex.of(AgencyRegistry.default()).text(), encoding="utf-8")
    print(f"{target}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
