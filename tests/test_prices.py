"""Price indexes: the shipped US CPI-U table and amounts moved between months with it."""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.config import Settings
from wagecalc.errors import ConfigError
from wagecalc.prices import (
    PRICES_ENV,
    InvalidMonthError,
    Month,
    NoPriceIndexError,
    adjust_for_prices,
    configured_price_indexes,
    default_price_indexes,
    load_price_index,
    load_price_indexes,
    parse_month,
    price_index_paths_from_env,
)

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cpi_table", ROOT / "scripts" / "cpi_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_table_equals_the_scripts_output() -> None:
    """data/prices/cpi-us.toml == render(data/cpi/CUUR0000SA0.csv): regenerate, never edit."""
    table = ROOT / "src" / "wagecalc" / "data" / "prices" / "cpi-us.toml"
    assert table.read_text(encoding="utf-8") == _script().render()


def test_known_values_of_the_series() -> None:
    """BLS CUUR0000SA0: 305.691 in July 2023, 9.8 in January 1913; none for October 2025."""
    index = default_price_indexes()["USD"]
    assert index.values[Month(2023, 7)] == Decimal("305.691")
    assert index.values[Month(1913, 1)] == Decimal("9.8")
    assert Month(2025, 10) not in index.values  # BLS collected no October 2025 data
    assert (index.series, index.publisher) == ("CUUR0000SA0", "U.S. Bureau of Labor Statistics")


def test_the_story_in_later_prices() -> None:
    """USD 900,000 of July 2023 in prices of August 2026, stated with the index."""
    moved = adjust_for_prices(Decimal("900000"), "USD", "2023-07", "2026-08")
    assert moved.adjusted.amount == Decimal("986231.19")
    assert moved.statement() == (
        "USD 900,000 of 2023-07 is USD 986,231.19 in prices of 2026-08 (US CPI-U, BLS)"
    )


@pytest.mark.parametrize(
    ("currency", "start", "end", "field"),
    [
        ("MYR", "2023-07", "2026-08", "currency"),
        ("USD", "2025-10", "2026-08", "from_month"),
        ("USD", "2023-07", "2030-01", "to_month"),
        ("USD", "1900-01", "2023-07", "from_month"),
    ],
)
def test_what_cannot_be_moved_is_said(currency: str, start: str, end: str, field: str) -> None:
    """No index for the currency, or no value for the month: an error naming the field."""
    with pytest.raises(NoPriceIndexError) as caught:
        adjust_for_prices(Decimal(1), currency, start, end)
    assert caught.value.field == field


def test_months_are_yyyy_mm() -> None:
    """2026-08 is a month; 2026-8, 2026-13 and a date string are not."""
    assert parse_month("2026-08") == Month(2026, 8)
    for bad in ("2026-8", "2026-13", "2026-08-01", "", "Aug 2026"):
        with pytest.raises(InvalidMonthError):
            parse_month(bad)


def test_an_operator_table(tmp_path: Path) -> None:
    """Another index loads from the documented format; a malformed one is a ConfigError."""
    path = tmp_path / "my.toml"
    fields = (
        'id = "my-cpi"\ncurrency = "MYR"\ntitle = "t"\nshort = "MY CPI"\npublisher = "p"\n'
        'series = "s"\nurl = "u"\nlicence = "l"\n'
    )
    path.write_text(fields + '[values]\n"2023-07" = "131.0"\n"2026-08" = "137.55"\n')
    index = load_price_index(path)
    moved = adjust_for_prices(Decimal("1500"), "MYR", "2023-07", "2026-08", indexes={"MYR": index})
    assert moved.adjusted.amount == Decimal("1575.00")
    path.write_text(fields + '[values]\n"2023-07" = 131.0\n')
    with pytest.raises(ConfigError):
        load_price_index(path)
    path.write_text('[values]\n"2023-07" = "131.0"\n')
    with pytest.raises(ConfigError):
        load_price_index(path)


_MONTHS = sorted(default_price_indexes()["USD"].values)


@given(
    cents=st.integers(1, 10**14),
    start=st.sampled_from(_MONTHS),
    end=st.sampled_from(_MONTHS),
)
def test_there_and_back_returns_the_amount_within_rounding(
    cents: int, start: Month, end: Month
) -> None:
    """Moving an amount to another month and back gives it again, within the two roundings."""
    amount = Decimal(cents).scaleb(-2)
    there = adjust_for_prices(amount, "USD", start, end)
    back = adjust_for_prices(there.adjusted.amount, "USD", end, start)
    index = default_price_indexes()["USD"]
    # One cent of rounding each way, the first one scaled by the ratio of the indexes.
    bound = Decimal("0.005") * (1 + index.values[start] / index.values[end]) + Decimal("0.005")
    assert abs(back.adjusted.amount - amount) <= bound


def _schema_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "price_index_schema", ROOT / "scripts" / "price_index_schema.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_schema_is_the_generated_one() -> None:
    """docs/price-index.schema.json is the loader's type: `bash scripts/rules-schema`."""
    committed = (ROOT / "docs" / "price-index.schema.json").read_text(encoding="utf-8")
    assert committed == _schema_script().render()


def test_the_shipped_table_is_valid_under_the_schema() -> None:
    """What an operator's editor checks: the shipped table passes, a float value does not."""
    import tomllib

    import jsonschema

    schema = json.loads((ROOT / "docs" / "price-index.schema.json").read_text(encoding="utf-8"))
    table = ROOT / "src" / "wagecalc" / "data" / "prices" / "cpi-us.toml"
    data = tomllib.loads(table.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["values"]["2023-07"] = 305.691
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


_MY_TABLE = (
    'id = "my-test"\ncurrency = "MYR"\ntitle = "t"\nshort = "MY test index"\npublisher = "p"\n'
    'series = "s"\nurl = "u"\nlicence = "l"\n[values]\n"2023-07" = "100"\n"2026-08" = "110"\n'
)


def test_operator_tables_from_the_environment(tmp_path: Path) -> None:
    """WAGECALC_PRICE_INDEXES names files or directories; they add to the shipped index."""
    (tmp_path / "my.toml").write_text(_MY_TABLE, encoding="utf-8")
    paths = price_index_paths_from_env({PRICES_ENV: str(tmp_path)})
    assert Settings.from_env({PRICES_ENV: str(tmp_path)}).price_indexes == paths
    indexes = configured_price_indexes(paths)
    assert sorted(indexes) == ["MYR", "USD"]
    moved = adjust_for_prices(Decimal("1500"), "MYR", "2023-07", "2026-08", indexes=indexes)
    assert moved.adjusted.amount == Decimal("1650.00")
    assert configured_price_indexes(paths) is indexes  # read once per process
    assert configured_price_indexes() is default_price_indexes()


@pytest.mark.parametrize(
    "change",
    [
        ('currency = "MYR"', 'currency = "XYZ"'),
        ('"2023-07" = "100"', '"2023-07" = "0"'),
        ('"2023-07" = "100"', '"2023-7" = "100"'),
        ('licence = "l"\n', 'licence = "l"\nextra = "x"\n'),
    ],
)
def test_a_bad_operator_table_is_named(tmp_path: Path, change: tuple[str, str]) -> None:
    """An unknown currency, a zero, a bad month or an unknown field: ConfigError naming the file."""
    path = tmp_path / "bad.toml"
    path.write_text(_MY_TABLE.replace(*change), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_price_indexes([path])
