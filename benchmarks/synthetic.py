"""Synthetic captions in the credit styles the parser knows, for the benchmark.

Deterministic for a seed; every caption differs (names, places, dates and wording are drawn from
small lists), so that no cache of whole captions can make the parser look faster than it is.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

FIRST = [
    "Anna",
    "Mark",
    "Li",
    "Kim",
    "Omar",
    "Sofia",
    "Ivan",
    "Maria",
    "Jae",
    "Lucas",
    "Nadia",
    "Tomas",
    "Yuki",
    "Ahmed",
    "Elena",
    "Pavel",
    "Grace",
    "Minh",
    "Sara",
    "David",
]
LAST = [
    "Bond",
    "Evans",
    "Wei",
    "Soo",
    "Haddad",
    "Rossi",
    "Petrov",
    "Lopez",
    "Park",
    "Silva",
    "Karimi",
    "Berg",
    "Tanaka",
    "Hassan",
    "Novak",
    "Sokolov",
    "Mensah",
    "Tran",
    "Cohen",
    "Morel",
]
LEADERS = [
    "President Lena Varga",
    "Prime Minister Tomas Eriksen",
    "North Korean leader Kim Jong Un",
    "Chinese President Xi Jinping",
    "Russian President Vladimir Putin",
    "Mayor Ana Costa",
    "Foreign Minister Ravi Menon",
    "Defense Minister Omar Haddad",
]
PLACES = [
    "Seoul, South Korea",
    "Pyongyang, North Korea",
    "Beijing, China",
    "Moscow, Russia",
    "Hanoi, Vietnam",
    "Damascus, Syria",
    "Tehran, Iran",
    "Kyiv, Ukraine",
    "Paris, France",
    "Washington",
    "Tokyo, Japan",
    "Cairo, Egypt",
    "Havana, Cuba",
    "Minsk, Belarus",
    "Riyadh, Saudi Arabia",
    "Ankara, Turkey",
]
SCENES = [
    "speaks during a ceremony at the parliament",
    "inspects a factory",
    "waves to supporters",
    "meets business leaders at a hotel",
    "visits a hospital",
    "attends a military parade",
    "lays flowers at a memorial",
    "arrives for talks at the foreign ministry",
]
CROWDS = [
    "Protesters march through the centre",
    "Residents queue for water",
    "Fans celebrate a victory",
    "Workers repair a damaged bridge",
    "Children play in a park",
    "Soldiers stand guard at a checkpoint",
]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
KCNA_NOTE = (
    "Independent journalists were not given access to cover the event depicted in this image distributed "
    "by the North Korean government. The content of this image is as provided and cannot be independently "
    "verified."
)


def _name(r: random.Random) -> str:
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def _date(r: random.Random) -> str:
    return f"{r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(2005, 2025)}"


def caption(r: random.Random, n: int) -> str:
    style = n % 9
    subject = r.choice(LEADERS) if r.random() < 0.6 else r.choice(CROWDS)
    verb = r.choice(SCENES) if subject in LEADERS else "in the rain"
    place = r.choice(PLACES)
    day = r.choice(WEEKDAYS)
    text = f"{subject} {verb} in {place}, {day}, {_date(r)}."
    if style == 0:
        return f"{text} (AP Photo/{_name(r)})"
    if style == 1:
        return f"{text} REUTERS/{_name(r)}"
    if style == 2:
        return f"{text} {_name(r).upper()}/AFP via Getty Images"
    if style == 3:
        return f"{text} (Xinhua/{_name(r)})"
    if style == 4:
        return (
            f"In this photo provided by the North Korean government, {text[0].lower()}{text[1:]} {KCNA_NOTE} "
            f"(Korean Central News Agency/Korea News Service via AP)"
        )
    if style == 5:
        return f"{text} ({_name(r)}/Pool Photo via AP)"
    if style == 6:
        return f"{text[:-1]}, in this photo provided by the defense ministry. (Yonhap)"
    if style == 7:
        return f"FILE PHOTO: {text} REUTERS/{_name(r)}/File Photo"
    return f"{text} ({_name(r)}, Sputnik, Kremlin Pool Photo via AP)"


def captions(count: int, seed: int = 7) -> Iterator[dict]:
    """`count` different captions.  Drawn at random, about one in two thousand of a million would
    repeat an earlier one (and be stored once, as the same caption should): those are drawn again."""
    r = random.Random(seed)
    seen: set[int] = set()  # hashes, not texts: a million captions' hashes take ~40 MB
    for n in range(count):
        text = caption(r, n)
        while hash(text) in seen:
            text = caption(r, n)
        seen.add(hash(text))
        yield {"id": f"s{n}", "caption": text}


def write_jsonl(path: str, count: int, seed: int = 7) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for item in captions(count, seed):
            fh.write(json.dumps(item) + "\n")


if __name__ == "__main__":
    import sys

    for item in captions(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
        print(item["caption"])
