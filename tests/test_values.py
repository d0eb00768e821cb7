"""Option values people type are checked in one place (values.py), for the CLI and the web API."""

import pytest

from captions.errors import UsageError
from captions.organisations.registry import CONTROL_CLASSES
from captions.values import CONTROL_CLASSES as CHECKED_CLASSES
from captions.values import MAX_LIMIT, check_date, check_filters

CASES = [
    # (option values, what is wrong, why)
    ({"limit": 0}, "--limit", "zero rows is no listing at all (it used to mean every row)"),
    ({"limit": MAX_LIMIT + 1}, "--limit", "past what a database takes: one line, not an overflow"),
    ({"control": "SCC"}, "--control", "not a State Media Monitor class"),
    ({"country": "KOR"}, "--country", "ISO 3166 codes have two letters"),
    ({"since": "2024-02-30"}, "--since", "no such day"),
    ({"until": "last week"}, "--until", "not a date"),
]


@pytest.mark.parametrize("values,option,why", CASES, ids=[c[2] for c in CASES])
def test_a_bad_value_is_one_clear_line(values, option, why):
    with pytest.raises(UsageError) as raised:
        check_filters(**values)
    assert raised.value.message.startswith(option), why


def test_good_values_make_filters():
    filters = check_filters(
        limit=MAX_LIMIT, control="SC", country="kp", since="2024", until="2024-05-31", agency="KCNA", state_media=True
    )
    assert (filters.limit, filters.control, filters.since, filters.agency) == (MAX_LIMIT, "SC", "2024", "KCNA")
    assert check_date(None, "--since") is None and check_date(" 2024-02 ", "--since") == "2024-02"


def test_the_control_classes_checked_are_the_registry_classes():
    assert tuple(CONTROL_CLASSES) == CHECKED_CLASSES
