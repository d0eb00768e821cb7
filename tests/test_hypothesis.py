"""The parser is total: any text gives a record and never raises."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from captions import find_captions, parse_caption

credit_bits = st.sampled_from(
    [
        "REUTERS/",
        "(AP Photo/",
        ")",
        " via ",
        "KCNA",
        "©",
        "Image:",
        "Photo by ",
        "/",
        "Stringer",
        ", File",
        "\n",
        "...more",
        "(C)",
        "Feb. 30, 2024",
        "Monday",
        "“",
        "''",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gives_a_record(text):
    record = parse_caption(text)
    assert isinstance(record.as_dict(), dict)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(credit_bits, st.text(max_size=20)), max_size=25).map("".join))
def test_credit_shaped_noise_gives_a_record(text):
    record = parse_caption(text)
    assert record.raw == text.replace("\x00", " ")
    find_captions(text)
