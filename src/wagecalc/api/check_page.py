"""A checked figure as an embed page and as a share card, from the same answer.

The page puts the verdict first (the headline is its first sentence), then the
figures a reader can check: the amount at the rate of the date, the window's
highest, lowest and closest rates, each with its date, the source and the
window; then when a rate last (and, later, first) gave the figure. Its few
words of its own are gettext messages (``scripts/i18n``); the sentences come
from :mod:`wagecalc.claim_sentences`. Every value reaches the markup through
:func:`~wagecalc.api.html.esc`, as on the other embed pages: a reported figure
or a query is text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import format_decimal

from wagecalc.api.html import (
    document,
    element_attributes,
    esc,
    fallback_words,
    lang_tag,
    page_title,
    rate_lines,
    rate_text,
    word,
)
from wagecalc.cards import card_svg
from wagecalc.claim_sentences import card_lines, format_reported, verdict_sentences
from wagecalc.claims import ClaimCheck, MatchRun, RatePoint
from wagecalc.formatting import format_money, format_money_prose, format_rate
from wagecalc.sentences import publisher_name, translations
from wagecalc.views import rate_view

__all__ = ["check_card_svg", "check_headline", "check_page", "check_page_title"]


def _N(message: str) -> str:  # noqa: N802  (extraction marker, as in sentences.py)
    return message


# Translators: the column heads of the check page's table of rates; a row is one date's rate.
_COLUMN_WHICH = _N("Which rate")
_COLUMN_RATE = _N("Date and rate")
_COLUMN_GIVES = _N("The amount at that rate")
# Translators: the rows of that table.
_ROW_ON = _N("On the date")
_ROW_HIGHEST = _N("Highest in the window")
_ROW_LOWEST = _N("Lowest in the window")
_ROW_CLOSEST = _N("Closest to the figure")
_ROW_LATEST = _N("Latest that gives it")
# Translators: {base} and {target} are currency codes, {rate} a number ("4.5495").
_RATE = _N("1 {base} = {rate} {target}")
# Translators: {reported} is the figure as printed ("MYR 4.3 million"), {low} and {high}
# formatted money: the interval the figure's last digit implies.
_READ_AS = _N("{reported} is read as {low} to just under {high}.")
_READ_WITH_PRECISION = _N("{reported} is read as {low} to just under {high} (the precision given).")
# Translators: {start} and {end} are ISO dates, {rates} a count of days.
_WINDOW = _N("Dates checked: {start} to {end}, {rates} days with a rate.")
_WHEN = _N("When a rate gave the figure")
# Translators: {first} and {last} are ISO dates, {rates} a count of days.
_BEFORE = _N("Before the window: from {first} to {last}, on {rates} days.")
_AFTER = _N("Later, after the figure's date: from {first} to {last}, on {rates} days.")
_NO_DATE = _N("No date from {first} to {last} has a rate that gives it.")
_IN_WINDOW = _N("In the window: on {matching} of {rates} days.")


def _text(locale: str, message: str) -> str:
    return str(translations(locale).gettext(message))


def _library(locale: str) -> str:
    return locale.replace("-", "_")


def check_headline(check: ClaimCheck, locale: str) -> str:
    """The question the page answers: ``USD 900,000 → MYR 4.3 million?``."""
    library = _library(locale)
    given = format_money_prose(check.amount.amount, check.amount.currency, library)
    shown = format_reported(check.reported.value, check.currency, library)
    return f"{given} → {shown}" + ("？" if library.startswith("zh") else "?")


def check_page_title(check: ClaimCheck, locale: str) -> str:
    return page_title("check", _library(locale), check_headline(check, locale))


def _rate_cell(point: RatePoint, locale: str) -> str:
    quote = point.quote
    rate = format_rate(quote.rate, locale)  # four decimals; small rates keep 4 digits
    words = _text(locale, _RATE).format(base=quote.base, rate=rate, target=quote.target)
    day = quote.rate_date.isoformat()
    return f'<time datetime="{day}">{day}</time><br>{esc(words)}'


def _row(label: str, point: RatePoint, locale: str) -> str:
    amount = format_money(point.rounded.amount, point.rounded.currency, locale)
    return (
        f'<tr><th scope="row">{esc(label)}</th><td>{_rate_cell(point, locale)}</td>'
        f"<td>{esc(amount)}</td></tr>"
    )


def _run_line(run: MatchRun, locale: str) -> str:
    template = _AFTER if run.later else _BEFORE
    return _text(locale, template).format(
        first=run.first.isoformat(),
        last=run.last.isoformat(),
        rates=format_decimal(run.rates, locale=locale),
    )


def _when_lines(check: ClaimCheck, locale: str) -> list[str]:
    """When rates gave the figure: in the window, the nearest spells before and after."""
    lines = []
    if check.matches:
        lines.append(
            _text(locale, _IN_WINDOW).format(
                matching=format_decimal(check.matching_rates, locale=locale),
                rates=format_decimal(check.window.rates, locale=locale),
            )
        )
    lines += [_run_line(run, locale) for run in (check.before, check.after) if run is not None]
    if not lines and check.note is None:
        searched = check.searched
        lines.append(
            _text(locale, _NO_DATE).format(
                first=searched.start.isoformat(), last=searched.end.isoformat()
            )
        )
    return lines


def _read_as(check: ClaimCheck, locale: str) -> str:
    figure = check.reported
    template = _READ_WITH_PRECISION if figure.precision_given else _READ_AS
    return _text(locale, template).format(
        reported=format_reported(figure.value, check.currency, locale),
        low=format_money_prose(figure.low, check.currency, locale),
        high=format_money_prose(figure.high, check.currency, locale),
    )


def check_page(
    check: ClaimCheck,
    locale: str,
    attributes: Mapping[str, str | bool | None],
    *,
    data_url: str,
    oembed: str,
    meta: str = "",
) -> str:
    """The check as a page: the verdict, the rates of the window with their dates, the
    source, when a rate gave the figure. ``attributes``: the ``<wagecalc-check>`` element's
    (the query, as on the other embed pages); ``meta``: more markup for ``<head>``."""
    library = _library(locale)
    sentences = verdict_sentences(check, library)
    rows = [
        _row(_text(library, _ROW_ON), _point_of_conversion(check), library),
        _row(_text(library, _ROW_HIGHEST), check.highest, library),
        _row(_text(library, _ROW_LOWEST), check.lowest, library),
        _row(_text(library, _ROW_CLOSEST), check.closest, library),
    ]
    if check.latest_match is not None:
        rows.append(_row(_text(library, _ROW_LATEST), check.latest_match, library))
    head = "".join(
        f'<th scope="col">{esc(text)}</th>'
        for text in (
            _text(library, _COLUMN_WHICH),
            _text(library, _COLUMN_RATE),
            _text(library, _COLUMN_GIVES),
        )
    )
    window = _text(library, _WINDOW).format(
        start=check.window.start.isoformat(),
        end=check.window.end.isoformat(),
        rates=format_decimal(check.window.rates, locale=library),
    )
    when = "".join(f"<li>{esc(line)}</li>" for line in _when_lines(check, library))
    if when:  # none on a source asked for the window only, whose verdict says so
        when = (
            f'<h2>{esc(_text(library, _WHEN))}</h2>\n<ul class="wagecalc-sentences">{when}</ul>\n'
        )
    conversion = rate_view(check.conversion.quote, library)
    inner = (
        f'<p class="wagecalc-question">{esc(check_headline(check, library))}</p>\n'
        f'<h1 class="wagecalc-headline">{esc(sentences[0])}</h1>\n'
        + "".join(f'<p class="wagecalc-verdict">{esc(s)}</p>\n' for s in sentences[1:])
        + f'<p class="wagecalc-read-as">{esc(_read_as(check, library))}</p>\n'
        f'<table class="wagecalc-compare wagecalc-check-rates"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>\n"
        f'<p class="wagecalc-window">{esc(window)}</p>\n'
        f"{when}"
        f"{rate_lines([conversion], library)}\n"
        f'<p class="wagecalc-data"><a href="{esc(data_url)}">{esc(word(library, "data"))}</a></p>'
    )
    title = check_page_title(check, library)
    return document(
        library, title, oembed, "wagecalc-check", element_attributes(attributes), inner, meta
    )


def _point_of_conversion(check: ClaimCheck) -> RatePoint:
    conversion = check.conversion
    return RatePoint(
        quote=conversion.quote,
        exact=conversion.exact.amount,
        rounded=conversion.target,
    )


def check_card_svg(check: ClaimCheck, locale: str) -> str:
    """The 1200×630 card: the question, the verdict's short lines, the rate of the date and
    the source (``GET /v1/check/card.svg`` and ``card.png``)."""
    library = _library(locale)
    headline = check_headline(check, library)
    lines = card_lines(check, library)
    rate = rate_view(check.conversion.quote, library)  # the one view the card needs
    footer = [
        rate_text(rate, locale),
        *filter(None, [fallback_words(rate, locale), check.note]),
        word(locale, "sources_line").format(
            sources=publisher_name(library, check.source.publisher)
        ),
    ]
    return card_svg(
        lang=lang_tag(locale),
        title=f"{headline} · {lines[0]}",
        kicker=word(locale, "check"),
        headline=headline,
        body=lines,
        footer=footer,
    )
