"""Captions in article texts, in the layouts pages use."""

from captions import find_captions

CREDIT_BEFORE = """A week in pictures

The summit opened on Monday with a handshake that few had expected.

Xinhua via AP
Leaders shake hands at the Great Hall in Beijing.
Xinhua via AP
A quieter moment later in the day.

Analysts said the meeting marked a change in tone between the two governments.
"""

GLUED = """Officials prepared the route for days before the visit.
The convoy crosses the river bridge in Hanoi.Image: Reuters/Stringer
Crowds wave flags along the road to the palace.Image: AP Photo/Lan Pham
The visit ends on Friday, officials said.
"""

PRINTED_TWICE = (
    "Officials said the talks would go on.\n\n"
    "A ship docks in Nampo, North Korea, June 2, 2019. REUTERS/Kim Hong-ji © Getty "
    "A ship docks in Nampo, North Korea, June 2, 2019. REUTERS/Kim Hong-ji The port has been expanded twice.\n\n"
    "© Ola Nordmann/Shutterstock The port handles most of the country's coal exports.\n\n"
    "Gallery: The port in pictures (USA TODAY)\n"
)


def test_credit_line_before_the_caption():
    found = find_captions(CREDIT_BEFORE)
    assert [f.text.split("\n")[1] for f in found] == [
        "Leaders shake hands at the Great Hall in Beijing.",
        "A quieter moment later in the day.",
    ]
    assert all(f.layout == "credit-before" for f in found)


def test_credit_glued_to_the_caption():
    found = find_captions(GLUED)
    assert len(found) == 2
    assert found[0].text.endswith("Image: Reuters/Stringer")


def test_platform_credit_repeat_and_credit_only():
    found = find_captions(PRINTED_TWICE)
    texts = [f.text for f in found]
    assert texts == [
        "A ship docks in Nampo, North Korea, June 2, 2019. REUTERS/Kim Hong-ji © Getty",
        "© Ola Nordmann/Shutterstock",
    ]


def test_body_text_and_page_furniture_are_not_captions():
    assert (
        find_captions("The talks lasted four hours.\n\nGallery: More pictures (USA TODAY)\nVideo by FOX News\n") == []
    )


def test_a_pair_of_credits_gives_two_credit_only_captions():
    found = find_captions("Pictures\n\nUS Government via Reuters, KCNA via Reuters\nA tale of two photos.\n")
    assert [f.text for f in found] == ["US Government via Reuters", "KCNA via Reuters"]
