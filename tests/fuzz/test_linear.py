"""Time grows linearly with the input, for every kind of input: hypothesis draws hostile fragments,
each is grown to 10k, 100k and 1M characters, and each tenfold step may cost at most 3x ten times
(a quadratic path costs a hundredfold).  Slow: `pytest -m slow tests/fuzz`; never a timed assertion
in the default suite."""

import pytest
from hypothesis import HealthCheck, given, settings
from inputs import STRATEGIES, growth, worst_ratio

pytestmark = pytest.mark.slow
LINEAR = 3.0  # a ratio of 1 is linear; noise on a shared machine stays well under 3


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_time_grows_linearly(kind):
    @settings(
        max_examples=4,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(STRATEGIES[kind])
    def check(fragment):
        timings = growth(kind, fragment)
        assert worst_ratio(timings) < LINEAR, (kind, fragment, timings)

    check()
