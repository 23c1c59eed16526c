"""read_reported: figures as people write them, with the interval they stand for."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.errors import InvalidReportedFigureError
from wagecalc.reported import read_reported


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("4300000", "4300000", "4250000", "4350000"),
        ("4,300,000", "4300000", "4250000", "4350000"),
        ("4.300.000", "4300000", "4250000", "4350000"),
        ("4 300 000", "4300000", "4250000", "4350000"),
        ("4.3 million", "4300000", "4250000", "4350000"),
        ("4.3m", "4300000", "4250000", "4350000"),
        ("4.3 M", "4300000", "4250000", "4350000"),
        ("430万", "4300000", "4250000", "4350000"),
        ("430萬", "4300000", "4250000", "4350000"),
        ("４３０万", "4300000", "4250000", "4350000"),
        ("4,3 juta", "4300000", "4250000", "4350000"),
        ("about 4.3 million", "4300000", "4250000", "4350000"),
        ("约430万", "4300000", "4250000", "4350000"),
        ("4.30 million", "4300000", "4295000", "4305000"),
        ("4203039.43", "4203039.43", "4203039.425", "4203039.435"),
        ("1.2bn", "1200000000", "1150000000", "1250000000"),
        ("3亿", "300000000", "250000000", "350000000"),
        ("26k", "26000", "25500", "26500"),
        ("1,5", "1.5", "1.45", "1.55"),
        ("0,500 m", "500000", "499500", "500500"),
    ],
)
def test_forms_people_write(text: str, value: str, low: str, high: str) -> None:
    """Each form's value and the half-open interval its last written digit implies."""
    figure = read_reported(text)
    assert (figure.value, figure.low, figure.high) == (Decimal(value), Decimal(low), Decimal(high))
    assert not figure.precision_given


def test_precision_overrides() -> None:
    """A unit or a percentage replaces the written precision."""
    figure = read_reported("4.3 million", precision="0.05 million")
    assert (figure.low, figure.high, figure.precision_given) == (
        Decimal("4275000"),
        Decimal("4325000"),
        True,
    )
    figure = read_reported("4.3 million", precision="1%")
    assert (figure.low, figure.high) == (Decimal("4257000"), Decimal("4343000"))


@pytest.mark.parametrize(
    "text",
    ["", " ", "abc", "0", "0.0 m", "-4.3m", "4.3 zillion", "1e6", "NaN", "4,30,0", "4.", ".5",
     "1.000,000.5", "4 3", "9" * 17, "x" * 65, "4.3 million MYR", "4.3\u0000m", "1.0000000000001"],
)  # fmt: skip
def test_refusals_name_the_field(text: str) -> None:
    """What cannot be read is an InvalidReportedFigureError naming the field and the forms."""
    with pytest.raises(InvalidReportedFigureError) as caught:
        read_reported(text, field="reported")
    assert caught.value.field == "reported"
    assert "4.3 million" in caught.value.message


@pytest.mark.parametrize("text", ["200%", "0%", "-1%", "abc", "0"])
def test_precision_refusals(text: str) -> None:
    """A precision that is no unit and no percentage between 0 and 100 is refused by name."""
    with pytest.raises(InvalidReportedFigureError) as caught:
        read_reported("4.3 million", precision=text)
    assert caught.value.field == "precision"


@given(
    whole=st.integers(1, 999),
    fraction=st.text("0123456789", max_size=3),
    word=st.sampled_from(["", " million", "m", " juta", "万", "k", "bn"]),
)
def test_the_value_is_inside_its_interval(whole: int, fraction: str, word: str) -> None:
    """Every figure lies in [low, high), whose width is the unit it was rounded to."""
    text = f"{whole}.{fraction}{word}" if fraction else f"{whole}{word}"
    figure = read_reported(text)
    assert figure.low <= figure.value < figure.high
    assert figure.high - figure.low == figure.unit
