"""Generate src/wagecalc/data/big-mac.toml from The Economist's Big Mac source data.

    bash scripts/big-mac            # rewrite the table from data/big-mac/*.csv
    bash scripts/big-mac --check    # exit 1 when the committed table differs

Every country in the data gets a rule (``big-mac-us``, ``big-mac-my``, ``big-mac-jp``, …).
A survey's price is a statistic: it applies from the day The Economist published it,
not from the survey date, and the table says which survey it describes ("January 2026,
published 2026-03-30"). Publication dates are the days each survey's rows first appeared
in TheEconomist/big-mac-data (``PUBLISHED``, from the repository's git history); a new
survey needs its date added there, and the script refuses a survey without one.

The next survey is: replace data/big-mac/big-mac-source-data-v2.csv with the new file,
add the survey's publication date and commit to ``PUBLISHED`` (and ``DATA_COMMIT``), and
run ``bash scripts/big-mac``. tests/test_big_mac_table.py fails when the committed table
is not this output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "data" / "big-mac" / "big-mac-source-data-v2.csv"
LICENCE = ROOT / "data" / "big-mac" / "LICENCE"
TABLE = ROOT / "src" / "wagecalc" / "data" / "big-mac.toml"
FIRST_YEAR = 2019
REPOSITORY = "https://github.com/TheEconomist/big-mac-data"
#: The commit the committed CSV was copied from ("January 2026 update").
DATA_COMMIT = "3e144f7054297f36b91ca600af0f38ab4a41a0fa"
DATA_URL = f"{REPOSITORY}/blob/{DATA_COMMIT}/source-data/big-mac-source-data-v2.csv"
#: When the CSV rows quoted were read (checked against the repository's history that day).
RETRIEVED = dt.date(2026, 12, 7)

#: survey date → (publication date, commit): the committer date of the first commit of
#: TheEconomist/big-mac-data whose source-data/*.csv holds rows of that survey
#: (``git log --reverse -- source-data/`` on a clone, each commit's CSV read for its dates).
PUBLISHED: dict[dt.date, tuple[dt.date, str]] = {
    dt.date(2019, 1, 1): (dt.date(2019, 1, 8), "e5df1f0"),
    dt.date(2019, 7, 9): (dt.date(2019, 7, 11), "f5393d9"),
    dt.date(2020, 1, 14): (dt.date(2020, 1, 16), "8ea2c52"),
    dt.date(2020, 7, 1): (dt.date(2020, 7, 16), "939084a"),
    dt.date(2021, 1, 1): (dt.date(2021, 1, 12), "7a27779"),
    dt.date(2021, 7, 1): (dt.date(2021, 7, 20), "06d1f47"),
    dt.date(2022, 1, 1): (dt.date(2022, 2, 4), "dfa50b1"),
    dt.date(2022, 7, 1): (dt.date(2022, 7, 20), "1240577"),
    dt.date(2023, 1, 1): (dt.date(2023, 11, 17), "f8f7643"),
    dt.date(2023, 7, 1): (dt.date(2023, 11, 17), "af6f131"),
    dt.date(2024, 1, 1): (dt.date(2024, 5, 2), "99c21a4"),
    dt.date(2024, 7, 1): (dt.date(2024, 7, 30), "17ba043"),
    dt.date(2025, 1, 1): (dt.date(2025, 2, 18), "6f4366f"),
    dt.date(2026, 1, 1): (dt.date(2026, 3, 30), "3e144f7"),
}

LOCALES = ("en", "zh_Hans", "zh_Hant", "ms")

#: Labels kept as they were for the two countries of the story.
_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "USA": {
        "en": {"one": "Big Mac at the US price", "other": "Big Macs at the US price"},
        "zh_Hans": {"other": "个巨无霸（美国价格）"},
        "zh_Hant": {"other": "個大麥克（美國價格）"},
        "ms": {"other": "Big Mac pada harga AS"},
    },
    "MYS": {
        "en": {"one": "Big Mac at the Malaysian price", "other": "Big Macs at the Malaysian price"},
        "zh_Hans": {"other": "个巨无霸（马来西亚价格）"},
        "zh_Hant": {"other": "個大麥克（馬來西亞價格）"},
        "ms": {"other": "Big Mac pada harga Malaysia"},
    },
}

#: The data's iso_a3 codes → CLDR territory codes (EUZ, the euro area, is CLDR's EZ).
ALPHA2 = {
    "ARE": "AE", "ARG": "AR", "AUS": "AU", "AUT": "AT", "AZE": "AZ", "BEL": "BE", "BHR": "BH",
    "BRA": "BR", "CAN": "CA", "CHE": "CH", "CHL": "CL", "CHN": "CN", "COL": "CO", "CRI": "CR",
    "CZE": "CZ", "DEU": "DE", "DNK": "DK", "EGY": "EG", "ESP": "ES", "EST": "EE", "EUZ": "EZ",
    "FIN": "FI", "FRA": "FR", "GBR": "GB", "GRC": "GR", "GTM": "GT", "HKG": "HK", "HND": "HN",
    "HRV": "HR", "HUN": "HU", "IDN": "ID", "IND": "IN", "IRL": "IE", "ISR": "IL", "ITA": "IT",
    "JOR": "JO", "JPN": "JP", "KOR": "KR", "KWT": "KW", "LBN": "LB", "LKA": "LK", "LTU": "LT",
    "LVA": "LV", "MDA": "MD", "MEX": "MX", "MYS": "MY", "NIC": "NI", "NLD": "NL", "NOR": "NO",
    "NZL": "NZ", "OMN": "OM", "PAK": "PK", "PER": "PE", "PHL": "PH", "POL": "PL", "PRT": "PT",
    "QAT": "QA", "ROU": "RO", "RUS": "RU", "SAU": "SA", "SGP": "SG", "SVK": "SK", "SVN": "SI",
    "SWE": "SE", "THA": "TH", "TUR": "TR", "TWN": "TW", "UKR": "UA", "URY": "UY", "USA": "US",
    "VEN": "VE", "VNM": "VN", "ZAF": "ZA",
}  # fmt: skip

#: CLDR's long names that read badly in a label ("Hong Kong SAR China").
_NAME_OVERRIDES = {
    "HK": {"en": "Hong Kong", "zh_Hans": "香港", "zh_Hant": "香港", "ms": "Hong Kong"}
}

#: More days than this between two kept surveys means a survey is missing from the data.
_SURVEY_GAP_DAYS = 200
_MONTHS = "January February March April May June July August September October November December"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _inline(table: dict[str, str]) -> str:
    return "{ " + ", ".join(f"{k} = {_quote(v)}" for k, v in table.items()) + " }"


def _month(day: dt.date) -> str:
    return f"{_MONTHS.split()[day.month - 1]} {day.year}"


#: The Economist's English names that take "the" in a sentence ("in the Netherlands").
_WITH_THE = frozenset({"Czech Republic", "Netherlands", "Philippines", "United Arab Emirates"})


def _names(code: str, name: str) -> dict[str, str]:
    """The country's (or the euro area's) name in each locale: CLDR's, with overrides."""
    alpha2 = ALPHA2[code]
    names = {loc: Locale.parse(loc).territories[alpha2] for loc in LOCALES}
    names["en"] = "the euro area" if code == "EUZ" else name  # The Economist's English name
    if name in _WITH_THE:
        names["en"] = f"the {name}"
    names.update(_NAME_OVERRIDES.get(alpha2, {}))
    return names


# The source line's words in each language: the title is the table's own (a survey and a
# country), the publisher The Economist's name as each language writes it.
_PUBLISHERS = {
    "zh_Hans": "《经济学人》（big-mac-data，MIT许可）",
    "zh_Hant": "《經濟學人》（big-mac-data，MIT授權）",
    "ms": "The Economist (big-mac-data, lesen MIT)",
}


# The notes' words in each language: a survey published the same day as a later one, and a
# survey missing from the data.
_SAME_DAY = {
    "zh_Hans": "{day}的调查与下一次调查同日发布（提交{commit}），从未是最新的一次，因此没有收录。",
    "zh_Hant": "{day}的調查與下一次調查同日發布（提交{commit}），從未是最新的一次，因此沒有收錄。",
    "ms": "Tinjauan {day} diterbitkan pada hari yang sama (komit {commit}), jadi ia tidak"
    " pernah menjadi yang terbaharu dan tidak dipegang.",
}
_GAP = {
    "zh_Hans": "数据在这次调查与{following}之间缺少一次调查：此价格在缺失的那次调查期间继续适用。",
    "zh_Hant": "數據在這次調查與{following}之間缺少一次調查：此價格在缺失的那次調查期間繼續適用。",
    "ms": "Data tiada tinjauan antara tinjauan ini dan {following}: harga ini kekal berkuat"
    " kuasa merentasi tinjauan yang tiada itu.",
}


def _titles(day: dt.date, code: str, name: str) -> dict[str, str]:
    names = _names(code, name)
    if code == "EUZ":
        names |= {"zh_Hans": "欧元区", "zh_Hant": "歐元區", "ms": "kawasan euro"}
    return {
        "zh_Hans": f"巨无霸指数，{day.isoformat()}调查：{names['zh_Hans']}",
        "zh_Hant": f"大麥克指數，{day.isoformat()}調查：{names['zh_Hant']}",
        "ms": f"Indeks Big Mac, tinjauan {day.isoformat()}: {names['ms']}",
    }


def _labels(code: str, name: str) -> dict[str, dict[str, str]]:
    if code in _LABELS:
        return _LABELS[code]
    names = _names(code, name)
    return {
        "en": {
            "one": f"Big Mac at the price in {names['en']}",
            "other": f"Big Macs at the price in {names['en']}",
        },
        "zh_Hans": {"other": f"个巨无霸（{names['zh_Hans']}价格）"},
        "zh_Hant": {"other": f"個大麥克（{names['zh_Hant']}價格）"},
        "ms": {"other": f"Big Mac pada harga {names['ms']}"},
    }


#: The rule's own name, where a sentence names the rule rather than counts its items
#: ("No Big Mac price in the United Arab Emirates can be shown: …"); without one, the
#: sentences fell back on "price of one Big Mac at the price in United Arab Emirates".
_RULE_NAMES = {
    "USA": {
        "en": "US Big Mac price",
        "zh_Hans": "美国巨无霸价格",
        "zh_Hant": "美國大麥克價格",
        "ms": "harga Big Mac AS",
    },
    "MYS": {
        "en": "Malaysian Big Mac price",
        "zh_Hans": "马来西亚巨无霸价格",
        "zh_Hant": "馬來西亞大麥克價格",
        "ms": "harga Big Mac Malaysia",
    },
}


def _rule_names(code: str, name: str) -> dict[str, str]:
    if code in _RULE_NAMES:
        return _RULE_NAMES[code]
    names = _names(code, name)  # as the labels name it ("Zon Euro", not the titles' words)
    return {
        "en": f"Big Mac price in {names['en']}",
        "zh_Hans": f"{names['zh_Hans']}巨无霸价格",
        "zh_Hant": f"{names['zh_Hant']}大麥克價格",
        "ms": f"harga Big Mac di {names['ms']}",
    }


def _rule_id(code: str) -> str:
    return "big-mac-euro-area" if code == "EUZ" else f"big-mac-{ALPHA2[code].lower()}"


def _tags(code: str, currencies: set[str], name: str) -> list[str]:
    """``big-mac``: the story's two prices (US, Malaysia), as before. ``big-mac-world``: every
    country (asking for it in a currency whose rate the source lacks for some country is a
    4xx naming that currency). Others are left out of default answers (``not-default``)
    unless the amount is in their currency (``local-price``); euro members defer to the
    euro area's price."""
    slug = name.lower().replace(" ", "-")
    if code in ("USA", "MYS"):
        tags = ["big-mac", "big-mac-world", slug]
        return tags if code == "USA" else [*tags, "not-default", "local-price"]
    tags = ["big-mac-world", slug, "not-default"]
    if code == "EUZ" or "EUR" not in currencies:
        tags.append("local-price")
    return tags


def render(csv_path: Path = CSV, licence_path: Path = LICENCE, first_year: int = FIRST_YEAR) -> str:
    """The TOML table: every country in the data, every survey from ``first_year`` on."""
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows: dict[str, list[tuple[dt.date, str, Decimal, str]]] = {}
    names: dict[str, str] = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=True))
        day = dt.date.fromisoformat(row["date"])
        if day.year < first_year:
            continue
        if day not in PUBLISHED:
            raise SystemExit(f"{csv_path}: survey {day} has no publication date in PUBLISHED")
        code = row["iso_a3"]
        names[code] = row["name"]
        rows.setdefault(code, []).append(
            (day, row["currency_code"], Decimal(row["local_price"]), line)
        )
    notice = "\n".join(f"#   {line}".rstrip() for line in licence_path.read_text().splitlines())
    out = [
        "# GENERATED by scripts/big-mac from data/big-mac/big-mac-source-data-v2.csv: do not edit.",
        "# Big Mac prices from The Economist's Big Mac index (TheEconomist/big-mac-data), every",
        "# country, one value per survey, each in force from the day the survey was published",
        "# until the next survey's publication: the day its rows first appeared in the",
        "# repository (scripts/big_mac.py, PUBLISHED). The data's licence:",
        "#",
        notice,
        'title = "Big Mac prices (The Economist, Big Mac index)"',
        f"locales = [{', '.join(_quote(loc) for loc in LOCALES)}]",
    ]
    order = ["USA", "MYS", *sorted(code for code in rows if code not in ("USA", "MYS"))]
    for code in order:
        surveys = sorted(rows[code])
        name = names[code]
        out += [
            "",
            "[[rules]]",
            f"id = {_quote(_rule_id(code))}",
            'kind = "price"',
            'per = "item"',
            f"tags = [{', '.join(_quote(t) for t in _tags(code, {s[1] for s in surveys}, name))}]",
        ]
        out += [f"labels.{loc} = {_inline(forms)}" for loc, forms in _labels(code, name).items()]
        out += [f"names.{loc} = {_quote(text)}" for loc, text in _rule_names(code, name).items()]
        # Surveys published the same day: the later one is the one in force from that day.
        kept = [
            s for i, s in enumerate(surveys)
            if i + 1 == len(surveys) or PUBLISHED[surveys[i + 1][0]][0] != PUBLISHED[s[0]][0]
        ]  # fmt: skip
        for index, (day, currency, price, line) in enumerate(kept):
            published, commit = PUBLISHED[day]
            notes = []
            translated: dict[str, list[str]] = {loc: [] for loc in _PUBLISHERS}
            skipped = [s[0] for s in surveys if s[0] < day and PUBLISHED[s[0]][0] == published]
            if skipped:
                notes.append(
                    f"The survey of {skipped[-1].isoformat()} was published the same day"
                    f" (commit {commit}), so it was never the newest and is not held."
                )
                for loc, text in _SAME_DAY.items():
                    translated[loc].append(text.format(day=skipped[-1].isoformat(), commit=commit))
            following = kept[index + 1][0] if index + 1 < len(kept) else None
            between = [s for s in surveys if following is not None and day < s[0] < following]
            if following is not None and (following - day).days > _SURVEY_GAP_DAYS * (
                1 + len(between)
            ):
                notes.append(
                    f"The data has no survey between this one and {following.isoformat()}:"
                    " this price stays in force across the missing survey."
                )
                for loc, text in _GAP.items():
                    translated[loc].append(text.format(following=following.isoformat()))
            source = {
                "title": f"Big Mac index, survey of {day.isoformat()}: {name}",
                "publisher": "The Economist (big-mac-data, MIT licence)",
            }
            out += [
                "",
                "[[rules.values]]",
                f"in_force_from = {published.isoformat()}",
                f"amount = {_quote(str(price))}",
                f"currency = {_quote(currency)}",
                f"period = {_quote(_month(day))}",
                f"published = {published.isoformat()}",
                "source = { "
                + ", ".join(f"{k} = {_quote(v)}" for k, v in source.items())
                + f", date = {published.isoformat()}, url = {_quote(DATA_URL)}"
                + f", quote = {_quote(line)}, retrieved = {RETRIEVED.isoformat()}"
                + f", titles = {_inline(_titles(day, code, name))}"
                + f", publishers = {_inline(_PUBLISHERS)} }}",
            ]
            if notes:
                out += [f"note = {_quote(' '.join(notes))}"]
                joiner = {"zh_Hans": "", "zh_Hant": "", "ms": " "}
                out += [
                    "notes = "
                    + _inline({loc: joiner[loc].join(texts) for loc, texts in translated.items()})
                ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--csv", type=Path, default=CSV, help="the Big Mac source data CSV")
    parser.add_argument("--output", type=Path, default=TABLE, help="the table to write")
    parser.add_argument("--check", action="store_true", help="exit 1 if the table differs")
    args = parser.parse_args(argv)
    text = render(args.csv)
    if args.check:
        if not args.output.exists() or args.output.read_text(encoding="utf-8") != text:
            print(f"{args.output} differs from the output of scripts/big-mac", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
