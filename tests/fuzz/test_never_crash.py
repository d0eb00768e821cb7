"""Whatever the bytes, a reader answers with a Document or one InputError, never another
exception, and what it yields is fit to store (no NUL, no lone surrogate, captions within the cap).
Small sizes: part of the default suite."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inputs import GROW, STRATEGIES

from captions.errors import InputError
from captions.readers.limits import MAX_CAPTION
from captions.readers.read import read_document

FAST = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def read_all(path, split="auto"):
    try:
        doc = read_document(str(path), split=split)
    except InputError:
        return []
    try:
        if doc.kind == "article":
            texts = [text for _, text in doc.chunks]
            return texts
        items = list(doc.items)
    except InputError:
        return []
    for item in items:
        assert len(item.caption) <= MAX_CAPTION and len(item.credit or "") <= MAX_CAPTION
    return [i.caption for i in items] + [i.credit or "" for i in items] + [i.id or "" for i in items]


def storable(texts):
    for text in texts:
        assert "\x00" not in text
        text.encode("utf-8")  # no lone surrogate


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["auto", "line", "paragraph"]))
def test_any_bytes(tmp_path_factory, data, split):
    path = tmp_path_factory.mktemp("bytes") / "input"
    path.write_bytes(data)
    storable(read_all(path, split))


@FAST
@given(
    st.sampled_from(["jsonl", "csv", "html"]).flatmap(lambda kind: st.tuples(st.just(kind), STRATEGIES[kind])),
    st.integers(min_value=1, max_value=3000),
)
def test_grown_inputs(tmp_path_factory, kind_fragment, size):
    kind, fragment = kind_fragment
    path = tmp_path_factory.mktemp("grown") / "input"
    path.write_text(GROW[kind](fragment, size), encoding="utf-8", errors="surrogatepass")
    storable(read_all(path))


@FAST
@given(st.text(max_size=300))
def test_any_jsonl_caption(tmp_path_factory, text):
    import json

    path = tmp_path_factory.mktemp("jsonl") / "list.jsonl"
    path.write_text(json.dumps({"caption": text, "id": text, "credit": [text]}) + "\n", encoding="utf-8")
    storable(read_all(path))
    os.unlink(path)
