"""POST /v1/compare (2 to 10 labelled salaries) and GET /v1/compare (two, in a cacheable URL)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Response, post
from litestar.openapi.spec import Example
from litestar.params import JSONBody, QueryParameter

from wagecalc.api.params import (
    AcceptLanguage,
    BasisParam,
    Checks,
    Currency,
    DateParam,
    LocaleParam,
    RoundingParam,
    ScheduleParam,
    cache_control,
    negotiated_headers,
    parse_context,
    parse_rounding,
)
from wagecalc.api.routes import BODY_PROBLEMS, PROBLEMS, get
from wagecalc.api.state import AppState
from wagecalc.compare import (
    MAX_LABEL_LENGTH,
    MAX_SALARIES,
    Salary,
    compare,
    make_salary,
    parse_salary,
)
from wagecalc.currencies import validate_currency
from wagecalc.views import ComparisonView, comparison_view


class SalaryIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    label: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_LABEL_LENGTH)]
    amount: Annotated[
        str,
        msgspec.Meta(
            max_length=64,
            description='A decimal string such as "900000" (JSON numbers are floats: refused).',
        ),
    ]
    currency: Annotated[str, msgspec.Meta(max_length=16, examples=["USD"])]
    period: Annotated[str, msgspec.Meta(max_length=16, examples=["year"])] = "year"


class CompareIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    salaries: Annotated[list[SalaryIn], msgspec.Meta(min_length=2, max_length=MAX_SALARIES)]
    currency: Annotated[str, msgspec.Meta(max_length=16, examples=["MYR"])]
    date: Annotated[str, msgspec.Meta(max_length=32, examples=["2023-07-26"])] | None = None
    schedule: Annotated[str, msgspec.Meta(max_length=128)] = "us-2080"
    basis: Annotated[str, msgspec.Meta(max_length=16)] = "spot"
    rounding: Annotated[str, msgspec.Meta(max_length=16)] = "half-even"
    locale: Annotated[str, msgspec.Meta(max_length=35)] | None = None


SalaryParam = Annotated[
    str,
    QueryParameter(
        description="A salary as 'AMOUNT CODE/PERIOD'.",
        max_length=96,
        examples=[Example(value="900000 USD/year")],
    ),
]
LabelParam = Annotated[
    str | None,
    QueryParameter(description="The salary's label in sentences.", max_length=MAX_LABEL_LENGTH),
]


class ComparisonController(Controller):
    path = "/v1/compare"
    tags = ["comparison"]

    @post(
        summary="Compare 2 to 10 labelled salaries",
        description=(
            "Each salary in the display currency on every period, with its rate; for each "
            "ordered pair the ratio of yearly pay, the difference and the time to earn."
        ),
        responses=BODY_PROBLEMS,
        status_code=200,
        sync_to_thread=False,
    )
    def compare_many(
        self, state: AppState, data: JSONBody[CompareIn], accept_language: AcceptLanguage = None
    ) -> Response[ComparisonView]:
        check = Checks()
        salaries = [
            check(make_salary, s.amount, s.currency, s.period, s.label, index=i)
            for i, s in enumerate(data.salaries)
        ]
        view, headers = _answer(
            state,
            check,
            salaries,
            data.currency,
            data.date,
            data.schedule,
            data.basis,
            data.rounding,
            data.locale,
            accept_language,
            cacheable=False,
        )
        return Response(view, headers=headers)

    @get(
        summary="Compare two salaries (a cacheable URL for widgets)",
        description="`a` and `b` as 'AMOUNT CODE/PERIOD', e.g. a=900000 USD/year&b=200 USD/day.",
        responses=PROBLEMS,
        sync_to_thread=False,
    )
    def compare_two(
        self,
        state: AppState,
        a: SalaryParam,
        b: SalaryParam,
        currency: Currency,
        a_label: LabelParam = None,
        b_label: LabelParam = None,
        date: DateParam = None,
        schedule: ScheduleParam = "us-2080",
        basis: BasisParam = "spot",
        rounding: RoundingParam = "half-even",
        locale: LocaleParam = None,
        accept_language: AcceptLanguage = None,
    ) -> Response[ComparisonView]:
        view, headers = compare_two_answer(
            state,
            a,
            b,
            currency,
            a_label,
            b_label,
            date,
            schedule,
            basis,
            rounding,
            locale,
            accept_language,
        )
        return Response(view, headers=headers)


def compare_two_answer(
    state: AppState,
    a: str,
    b: str,
    currency: str,
    a_label: str | None,
    b_label: str | None,
    date: str | None,
    schedule: str,
    basis: str,
    rounding: str,
    locale: str | None,
    accept_language: str | None,
) -> tuple[ComparisonView, dict[str, str]]:
    """Two salaries from the query (``a``, ``b``), shared by the JSON, embed and card routes."""
    check = Checks(
        rename={
            "salaries[0]": "a",
            "salaries[1]": "b",
            "salaries[0].label": "a_label",
            "salaries[1].label": "b_label",
        }
    )
    salaries = [
        check(parse_salary, a, label=a_label, index=0),
        check(parse_salary, b, label=b_label, index=1),
    ]
    return _answer(
        state,
        check,
        salaries,
        currency,
        date,
        schedule,
        basis,
        rounding,
        locale,
        accept_language,
        cacheable=True,
    )


def _answer(
    state: AppState,
    check: Checks,
    salaries: list[Salary | None],
    currency: str,
    date: str | None,
    schedule: str,
    basis: str,
    rounding: str,
    locale: str | None,
    accept_language: str | None,
    *,
    cacheable: bool,
) -> tuple[ComparisonView, dict[str, str]]:
    check(validate_currency, currency)
    mode = check(parse_rounding, rounding)
    context = parse_context(check, date, schedule, basis, locale, accept_language)
    check.done()
    assert mode is not None and context is not None
    checked = [s for s in salaries if s is not None]
    result = check(
        compare,
        checked,
        currency,
        on=context.on,
        schedule=context.schedule,
        basis=context.basis,
        rounding=mode,
        locale=context.locale,
        source=state.source,
    )
    check.done()
    assert result is not None
    quotes = [entry.quote for entry in result.salaries]
    policy = (
        cache_control(quotes, context.on, state.settings.latest_max_age)
        if cacheable
        else "no-store"
    )
    return comparison_view(result), negotiated_headers(policy, context.locale)
