"""Organisations the description says released the image: (description, chain, why)."""

import pytest

from captions.organisations.registry import AgencyRegistry
from captions.parsing.attribution import find_attributions

CASES = [
    ("Soldiers parade in this photo released by KCNA on Monday.", ["KCNA"], "English 'released by'"),
    ("북한 노동신문이 3일 보도한 공장 건설 현장 모습.", ["Rodong Sinmun"], "Korean: X이 (date) 보도한"),
    (
        "조선중앙통신은 이 사진을 5일 공개했으며 도쿄에서 KNS를 통해 6일 배포됐다.",
        ["KCNA", "Korea News Service"],
        "Korean: released by X, then distributed via Y",
    ),
    ("朝鮮中央通信が２日に配信した演習の写真", ["KCNA"], "Japanese: X が (date) 配信"),
    ("김철수 씨가 공장을 찾았다고 전했다.", [], "a person before the particle is not an organisation"),
]


@pytest.mark.parametrize("text,chain,why", CASES, ids=[c[2] for c in CASES])
def test_attributions(text, chain, why):
    assert [a.agency.name for a in find_attributions(text, AgencyRegistry.default())] == chain, why


def test_particle_rule_is_linear_on_long_korean_text():
    text = "가" * 50000 + "이 보도"
    assert find_attributions(text, AgencyRegistry.default()) == []
