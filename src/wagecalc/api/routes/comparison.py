"""POST /v1/compare (2 to 10 labelled salaries) and GET /v1/compare (two, in a cacheable URL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, NamedTuple, cast

import msgspec
from litestar import Controller, Request, Response, post
from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Example
from litestar.params import Body, QueryParameter

from wagecalc.api.answers import JSONAnswer
from wagecalc.api.contract import (
    AMOUNT,
    BASIS,
    CURRENCY,
    LABEL,
    LOCALE,
    PERIODS,
    ROUNDING_MODES,
    SALARY,
    SCHEDULE,
    anchored,
    conform,
    plain_salary,
    plain_salary_fields,
)
from wagecalc.api.openapi import closed_body
from wagecalc.api.params import (
    AcceptLanguage,
    AdjustToParam,
    BasisParam,
    Checks,
    Context,
    Currency,
    DateParam,
    LocaleParam,
    Params,
    RoundingParam,
    ScheduleParam,
    app_state,
    cache_control,
    compute,
    negotiated_headers,
    parse_adjust_to,
    parse_context,
    parse_rounding,
    price_indexes,
    query_dependency,
)
from wagecalc.api.routes import (
    BODY_PROBLEMS,
    LOCALIZED,
    NEGOTIATED,
    NO_STORE,
    get,
    get_responses,
)
from wagecalc.api.state import AppState
from wagecalc.arguments import PeriodLike
from wagecalc.comparison import (
    MAX_LABEL_LENGTH,
    MAX_SALARIES,
    Salary,
    compare_checked,
    make_salary,
    parse_salary,
)
from wagecalc.conversion import as_amount
from wagecalc.currencies import validate_currency
from wagecalc.labels import check_label
from wagecalc.memo import BoundedMemo
from wagecalc.money import RoundingMode
from wagecalc.prices import Month
from wagecalc.views import ComparisonView, comparison_view

#: A month, YYYY-MM, as the schema states it (the library checks it and names the field).
_MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"


def _documented(pattern: str, **schema: object) -> dict[str, object]:
    """A pattern the handler checks (with the library's codes), stated for the schema only."""
    return {"extra": {"pattern": anchored(pattern), **schema}}


@closed_body
class SalaryIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    label: Annotated[
        str,
        msgspec.Meta(
            description="How the salary is named in sentences.",
            examples=["Netflix ML product manager"],
            extra_json_schema=_documented(LABEL, minLength=1, maxLength=MAX_LABEL_LENGTH),
        ),
    ]
    amount: Annotated[
        str,
        msgspec.Meta(
            max_length=64,
            description=(
                'A positive decimal string in plain notation such as "900000" (JSON numbers '
                "are floats: refused)."
            ),
            examples=["900000"],
            extra_json_schema=_documented(AMOUNT),
        ),
    ]
    currency: Annotated[
        str, msgspec.Meta(max_length=16, examples=["USD"], extra_json_schema=_documented(CURRENCY))
    ]
    period: Annotated[
        str,
        msgspec.Meta(
            max_length=16, examples=["year"], extra_json_schema={"extra": {"enum": PERIODS}}
        ),
    ] = "year"
    month: (
        Annotated[
            str,
            msgspec.Meta(
                max_length=16,
                description=(
                    "With `adjust_to`: the month whose prices this figure is in, YYYY-MM "
                    "(a 2023 salary, a 2026 minimum wage); default: the month of `date`."
                ),
                examples=["2023-07"],
                extra_json_schema=_documented(_MONTH),
            ),
        ]
        | None
    ) = None


@closed_body
class CompareIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    salaries: Annotated[list[SalaryIn], msgspec.Meta(min_length=2, max_length=MAX_SALARIES)]
    currency: Annotated[
        str, msgspec.Meta(max_length=16, examples=["MYR"], extra_json_schema=_documented(CURRENCY))
    ]
    date: (
        Annotated[
            str,
            msgspec.Meta(
                max_length=32,
                examples=["2023-07-26"],
                extra_json_schema={"extra": {"format": "date"}},
            ),
        ]
        | None
    ) = None
    schedule: Annotated[
        str, msgspec.Meta(max_length=128, extra_json_schema=_documented(SCHEDULE))
    ] = "us-2080"
    basis: Annotated[str, msgspec.Meta(max_length=16, extra_json_schema=_documented(BASIS))] = (
        "spot"
    )
    rounding: Annotated[
        str, msgspec.Meta(max_length=16, extra_json_schema={"extra": {"enum": ROUNDING_MODES}})
    ] = "half-even"
    locale: (
        Annotated[str, msgspec.Meta(max_length=35, extra_json_schema=_documented(LOCALE))] | None
    ) = None
    adjust_to: (
        Annotated[
            str,
            msgspec.Meta(
                max_length=16,
                description=(
                    "Real terms: compare in prices of this month, YYYY-MM; each salary is moved "
                    "from its `month` with its currency's price index (docs/prices.md)."
                ),
                examples=["2026-08"],
                extra_json_schema=_documented(_MONTH),
            ),
        ]
        | None
    ) = None


_BODY_EXAMPLE = {
    "salaries": [
        {"label": "Netflix ML product manager", "amount": "900000", "currency": "USD"},
        {"label": "background actor", "amount": "200", "currency": "USD", "period": "day"},
    ],
    "currency": "MYR",
    "date": "2023-07-26",
}

CompareBody = Annotated[
    CompareIn,
    Body(
        media_type=RequestEncodingType.JSON,
        description="2 to 10 labelled salaries and the display currency.",
        examples=[Example(summary="a salary against a day rate", value=_BODY_EXAMPLE)],
    ),
]

SalaryParam = Annotated[
    str,
    QueryParameter(
        description="A salary as 'AMOUNT CODE/PERIOD' (amount and code as in /v1/convert).",
        max_length=96,
        examples=[Example(value="900000 USD/year")],
        schema_extra={"pattern": anchored(SALARY)},
    ),
]
LabelParam = Annotated[
    str | None,
    QueryParameter(
        description="The salary's label in sentences (default: the salary as given).",
        schema_extra={"pattern": anchored(LABEL), "minLength": 1, "maxLength": MAX_LABEL_LENGTH},
    ),
]


def _salary(check: Checks, index: int, salary: SalaryIn) -> Salary | None:
    """The body's salary ``index``, each field checked against the contract first."""
    quick = plain_salary_fields(salary.label, salary.amount, salary.currency, salary.period)
    if quick is not None and salary.month is None:
        return quick
    where = f"salaries[{index}]"
    before = len(check.errors)
    check(conform, LABEL, salary.label, f"{where}.label", check_label, f"{where}.label")
    check(conform, AMOUNT, salary.amount, f"{where}.amount", as_amount, field=f"{where}.amount")
    check(
        conform,
        CURRENCY,
        salary.currency,
        f"{where}.currency",
        validate_currency,
        field=f"{where}.currency",
    )
    if len(check.errors) > before:
        return None
    # The period is text from the request: make_salary checks it and names the field.
    period = cast("PeriodLike", salary.period)
    return check(
        make_salary,
        salary.amount,
        salary.currency,
        period,
        salary.label,
        index=index,
        month=salary.month,
    )


@dataclass(slots=True)
class CompareQuery:
    """GET /v1/compare's parameters, declared once for its JSON, embed and card routes.

    A handler takes them as ``params`` (``dependencies=query_dependency(CompareQuery)``);
    Litestar reads, checks and documents each field as a parameter of that handler.
    """

    a: SalaryParam
    b: SalaryParam
    currency: Currency
    a_label: LabelParam = None
    b_label: LabelParam = None
    date: DateParam = None
    schedule: ScheduleParam = "us-2080"
    basis: BasisParam = "spot"
    rounding: RoundingParam = "half-even"
    locale: LocaleParam = None
    accept_language: AcceptLanguage = None


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
        response_headers=[NO_STORE, *LOCALIZED],
        status_code=200,
    )
    async def compare_many(
        self,
        request: Request[Any, Any, Any],
        data: CompareBody,
        accept_language: AcceptLanguage = None,
    ) -> Response[ComparisonView]:
        state = app_state(request)
        view, headers = await compute(state, _compare_many, state, data, accept_language)
        return JSONAnswer(view, headers=headers)

    @get(
        summary="Compare two salaries (a cacheable URL for widgets)",
        description=("`a` and `b` as 'AMOUNT CODE/PERIOD', e.g. a=900000 USD/year&b=200 USD/day."),
        responses=get_responses(),
        response_headers=NEGOTIATED,
        dependencies=query_dependency(CompareQuery),
    )
    async def compare_two(
        self,
        request: Request[Any, Any, Any],
        params: Params[CompareQuery],
        adjust_to: AdjustToParam = None,
    ) -> Response[ComparisonView]:
        state = app_state(request)
        view, headers = await compute(state, compare_two_answer, state, params, adjust_to=adjust_to)
        return JSONAnswer(view, headers=headers)


def _compare_many(
    state: AppState, data: CompareIn, accept_language: str | None
) -> tuple[ComparisonView, dict[str, str]]:
    """The body's salaries compared (POST), its answer not kept by caches."""
    check = Checks()
    salaries = [_salary(check, i, s) for i, s in enumerate(data.salaries)]
    return _answer(
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
        adjust_to=data.adjust_to,
    )


def compare_two_answer(
    state: AppState, params: CompareQuery, *, adjust_to: str | None = None
) -> tuple[ComparisonView, dict[str, str]]:
    """Two salaries from the query (``a``, ``b``), shared by the JSON, embed and card routes.

    ``adjust_to``: real terms (docs/prices.md), on the JSON route only."""
    a_label, b_label = params.a_label, params.b_label
    check = Checks(rename=_QUERY_NAMES)
    # Checked here, not by parse_salary: an empty label would mean "the salary as given".
    if a_label is not None:
        a_label = check(conform, LABEL, a_label, "a_label", check_label, "a_label")
    if b_label is not None:
        b_label = check(conform, LABEL, b_label, "b_label", check_label, "b_label")
    salaries = [
        _query_salary(check, params.a, "a", a_label, 0),
        _query_salary(check, params.b, "b", b_label, 1),
    ]
    return _answer(
        state,
        check,
        salaries,
        params.currency,
        params.date,
        params.schedule,
        params.basis,
        params.rounding,
        params.locale,
        params.accept_language,
        cacheable=True,
        adjust_to=adjust_to,
    )


#: The library's names of GET /v1/compare's fields → the query's.
_QUERY_NAMES = {
    "salaries[0]": "a",
    "salaries[1]": "b",
    "salaries[0].label": "a_label",
    "salaries[1].label": "b_label",
}


def _query_salary(
    check: Checks, text: str, name: str, label: str | None, index: int
) -> Salary | None:
    """Salary ``a`` or ``b`` of the query; the common form without the pattern."""
    quick = plain_salary(text) if label is None else None
    if quick is not None:
        return quick
    return check(conform, SALARY, text, name, parse_salary, label=label, index=index)


class _Plan(NamedTuple):
    """A comparison's parameters but its salaries, checked and typed."""

    rounding: RoundingMode
    context: Context
    in_prices_of: Month | None = None


#: Plans already checked, by the text of their parameters (successes only: see wagecalc/memo.py).
_PLANS: BoundedMemo[tuple[str | None, ...], _Plan] = BoundedMemo(1024)


def _plan(
    check: Checks,
    currency: str,
    date: str | None,
    schedule: str,
    basis: str,
    rounding: str,
    locale: str | None,
    accept_language: str | None,
    adjust_to: str | None = None,
) -> _Plan | None:
    """The plan, or None with the errors in ``check``; a plan seen before is not checked again."""
    key = (currency, date, schedule, basis, rounding, locale, accept_language, adjust_to)
    plan = _PLANS.get(key)
    if plan is not None:
        return plan
    errors = len(check.errors)
    check(conform, CURRENCY, currency, "currency", validate_currency)
    mode = check(parse_rounding, rounding)
    context = parse_context(check, date, schedule, basis, locale, accept_language)
    month = parse_adjust_to(check, adjust_to)
    if mode is None or context is None or len(check.errors) > errors:
        return None
    return _PLANS.remember(key, _Plan(mode, context, month))


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
    adjust_to: str | None = None,
) -> tuple[ComparisonView, dict[str, str]]:
    plan = _plan(
        check, currency, date, schedule, basis, rounding, locale, accept_language, adjust_to
    )
    check.done()
    assert plan is not None
    context = plan.context
    checked = [s for s in salaries if s is not None]
    result = check(
        compare_checked,
        checked,
        currency,
        on=context.on,
        schedule=context.schedule,
        basis=context.basis,
        rounding=plan.rounding,
        locale=context.locale,
        source=state.source,
        in_prices_of=plan.in_prices_of,
        price_indexes=price_indexes(state, plan.in_prices_of),
    )
    check.done()
    assert result is not None
    quotes = [entry.quote for entry in result.salaries]
    policy = (
        cache_control(
            quotes, context.on, state.settings.latest_max_age, stable=plan.in_prices_of is None
        )
        if cacheable
        else "no-store"
    )
    return comparison_view(result), negotiated_headers(policy, context.locale)
