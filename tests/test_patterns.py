"""compile_template: a compiled %-pattern says exactly what str.format says, for any template."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagecalc.locales import SUPPORTED_LOCALES
from wagecalc.patterns import compile_template
from wagecalc.rules import RuleKind
from wagecalc.sentences import about_template, rule_template

FIELDS = ("amount", "per", "count", "label")
TEXT = st.text(st.sampled_from("ab %{}:!.0s约的 "), max_size=6)
VALUES = st.tuples(TEXT, TEXT, TEXT, TEXT)
FIXED = st.fixed_dictionaries({"rule_amount": TEXT, "rule_per": TEXT})


def _outcome(template: str, values: tuple[str, ...], fixed: dict[str, str]) -> str:
    try:
        return template.format(**dict(zip(FIELDS, values, strict=True)), **fixed)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        return f"raises {type(exc).__name__}"


def _filled(template: str, values: tuple[str, ...], fixed: dict[str, str]) -> str:
    try:
        return compile_template(template, FIELDS, fixed).fill(values)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        return f"raises {type(exc).__name__}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("kind", list(RuleKind))
def test_the_shipped_templates_compile_and_fill_as_str_format(kind: RuleKind, locale: str) -> None:
    template = rule_template(kind, locale)
    fixed = {"rule_amount": "RM13.15 %d {x}", "rule_per": "a year%", "name": "threshold %s"}
    values = ("$1,000.00", "每年", "about 34.6", "Big Macs %s")
    pattern = compile_template(template, FIELDS, fixed)
    assert "%s" in pattern.pattern  # compiled, not the str.format fallback
    assert pattern.fill(values) == template.format(
        **dict(zip(FIELDS, values, strict=True)), **fixed
    )
    about = compile_template(about_template(locale), ("count",), {})
    assert about.pattern.count("%s") == 1
    assert about.pattern % about.arrange(("34.6",)) == about_template(locale).format(count="34.6")


@given(
    st.lists(
        st.sampled_from(
            [
                "{amount}",
                "{per}",
                "{count}",
                "{label}",
                "{rule_amount}",
                "{rule_per}",
                "{amount!r}",
                "{count:>8}",
                "{label.upper}",
                "{per[0]}",
                "{}",
                "{0}",
                "{other}",
                "{{",
                "}}",
                "%",
                "%s",
                "%(x)s",
                " buys ",
                "约",
                "{",
                "}",
            ]
        ),
        max_size=10,
    ).map("".join),
    VALUES,
    FIXED,
)
def test_any_template_fills_as_str_format_or_fails_alike(
    template: str, values: tuple[str, ...], fixed: dict[str, str]
) -> None:
    assert _filled(template, values, fixed) == _outcome(template, values, fixed)


def test_a_template_without_request_fields_is_its_text() -> None:
    pattern = compile_template("100% {rule_amount}", FIELDS, {"rule_amount": "x"})
    assert pattern.fill(("a", "b", "c", "d")) == "100% x"
