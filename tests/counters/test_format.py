"""Vietnamese number formatting for counts."""

import pytest

from counters.templatetags.counters_format import so_dem


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (999, "999"), (1000, "1.000"), (36312546, "36.312.546")],
)
def test_thousands_grouped_with_dots(value, shown):
    """Whole numbers get a dot every three digits, as Vietnamese readers write them."""
    assert so_dem(value) == shown


def test_non_numbers_pass_through():
    """Anything that is not a whole number is returned unchanged."""
    assert so_dem("") == ""
