"""The embed pages' markup: complete HTML documents built from the JSON views.

Every value that reaches the markup goes through :func:`esc` (``html.escape``
with ``quote=True``), attribute values included, and every attribute is
double-quoted: a label such as ``"><img onerror=...>`` stays text. The pages
have no inline script or style (their CSP forbids both): the stylesheet is
``/embed/v1/embed.css`` and the one script is the widget module.

The contract the widget relies on: ``<html data-wagecalc-embed>``, one
``<wagecalc-equivalents>`` or ``<wagecalc-compare>`` element whose attributes
mirror the query and whose light-DOM children are the answer, and
``<script type="module" src="/widget/v1/wagecalc.js">`` in the head.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from decimal import Decimal
from urllib.parse import quote, urlencode

from wagecalc.formatting import format_money
from wagecalc.views import (
    ComparisonView,
    EquivalentsView,
    EquivalentView,
    RateView,
    RuleSourceView,
)

__all__ = [
    "EMBED_CSS_PATH",
    "WIDGET_PATH",
    "compare_page",
    "equivalents_page",
    "esc",
    "fallback_words",
    "figure_lines",
    "lang_tag",
    "not_in_force_lines",
    "page_title",
    "rate_text",
    "word",
]

EMBED_CSS_PATH = "/embed/v1/embed.css"
WIDGET_PATH = "/widget/v1/wagecalc.js"

#: The few words of the page that are not sentences from the library, per served locale.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "equivalents": "Salary equivalents",
        "compare": "Salary comparison",
        "check": "A reported figure, checked",
        "rate": "Exchange rate: 1 {base} = {value} {target} ({publisher}, rate of {date})",
        "sources": "Sources",
        "not_in_force": "{rule}: no value in force on {date} (first in force from {first})",
        "not_in_force_after": "{rule}: no value in force on {date} (no sourced value after {last})",
        "as_of": "in force from {date}",
        "figure_published": "{period}, published {published}",
        "figure_of": "figure for {period}",
        "carried_forward": "No later figure was found: the last sourced one ({period}) "
        "is used for {date}.",
        "data": "The data behind these figures (JSON)",
        "salary": "Salary",
        "given": "Given",
        "per_year": "Per year",
        "per_hour": "Per hour",
        "by": "wagecalc",
    },
    "zh_Hans": {
        "equivalents": "薪酬换算",
        "compare": "薪酬比较",
        "check": "报道数字核对",
        "rate": "汇率：1 {base} = {value} {target}（{publisher}，{date}汇率）",
        "sources": "来源",
        "not_in_force": "{rule}：{date}时尚无生效数值（自{first}起生效）",
        "not_in_force_after": "{rule}：{date}时没有生效数值（{last}之后没有有来源的数值）",
        "as_of": "自{date}起生效",
        "figure_published": "{period}的数字，{published}发布",
        "figure_of": "{period}的数字",
        "carried_forward": "未找到更新的数字：{date}沿用最后有来源的数字（{period}）。",
        "data": "这些数字背后的数据（JSON）",
        "salary": "薪酬",
        "given": "原始金额",
        "per_year": "每年",
        "per_hour": "每小时",
        "by": "wagecalc",
    },
    "zh_Hant": {
        "equivalents": "薪酬換算",
        "compare": "薪酬比較",
        "check": "報道數字核對",
        "rate": "匯率：1 {base} = {value} {target}（{publisher}，{date}匯率）",
        "sources": "來源",
        "not_in_force": "{rule}：{date}時尚無生效數值（自{first}起生效）",
        "not_in_force_after": "{rule}：{date}時沒有生效數值（{last}之後沒有有來源的數值）",
        "as_of": "自{date}起生效",
        "figure_published": "{period}的數字，{published}發布",
        "figure_of": "{period}的數字",
        "carried_forward": "未找到更新的數字：{date}沿用最後有來源的數字（{period}）。",
        "data": "這些數字背後的數據（JSON）",
        "salary": "薪酬",
        "given": "原始金額",
        "per_year": "每年",
        "per_hour": "每小時",
        "by": "wagecalc",
    },
    "ms": {
        "equivalents": "Kesetaraan gaji",
        "compare": "Perbandingan gaji",
        "check": "Semakan angka yang dilaporkan",
        "rate": "Kadar pertukaran: 1 {base} = {value} {target} ({publisher}, kadar {date})",
        "sources": "Sumber",
        "not_in_force": "{rule}: tiada nilai berkuat kuasa pada {date} (bermula {first})",
        "not_in_force_after": "{rule}: tiada nilai berkuat kuasa pada {date} "
        "(tiada nilai bersumber selepas {last})",
        "as_of": "berkuat kuasa dari {date}",
        "figure_published": "{period}, diterbitkan {published}",
        "figure_of": "angka bagi {period}",
        "carried_forward": "Tiada angka lebih baharu ditemui: angka terakhir yang bersumber "
        "({period}) digunakan untuk {date}.",
        "data": "Data di sebalik angka ini (JSON)",
        "salary": "Gaji",
        "given": "Diberi",
        "per_year": "Setahun",
        "per_hour": "Sejam",
        "by": "wagecalc",
    },
}

#: Why the rate's date is not the date asked for, in words (keys: ``RateView.fallback``).
_FALLBACKS: dict[str, dict[str, str]] = {
    "en": {
        "latest": "No date was asked for: the newest rate, of {rate_date}, is used.",
        "not-published": "No rate was published on {requested}: the latest one before it, "
        "of {rate_date}, is used.",
        "after-last-published": "{requested} is after the newest rate the source has: "
        "the rate of {rate_date} is used.",
        "future-date": "{requested} has not happened yet: the newest rate, of {rate_date}, "
        "is used.",
        "live-unavailable": "The live rate source failed: the embedded rate of {rate_date} "
        "is used.",
    },
    "zh_Hans": {
        "latest": "未指定日期：使用最新的{rate_date}汇率。",
        "not-published": "{requested}没有公布汇率：使用此前最近的{rate_date}汇率。",
        "after-last-published": "{requested}晚于数据源的最新汇率：使用{rate_date}汇率。",
        "future-date": "{requested}尚未到来：使用最新的{rate_date}汇率。",
        "live-unavailable": "实时汇率源不可用：使用内置的{rate_date}汇率。",
    },
    "zh_Hant": {
        "latest": "未指定日期：使用最新的{rate_date}匯率。",
        "not-published": "{requested}沒有公佈匯率：使用此前最近的{rate_date}匯率。",
        "after-last-published": "{requested}晚於數據源的最新匯率：使用{rate_date}匯率。",
        "future-date": "{requested}尚未到來：使用最新的{rate_date}匯率。",
        "live-unavailable": "即時匯率源不可用：使用內建的{rate_date}匯率。",
    },
    "ms": {
        "latest": "Tiada tarikh diminta: kadar terbaharu, bertarikh {rate_date}, digunakan.",
        "not-published": "Tiada kadar diterbitkan pada {requested}: kadar terakhir sebelumnya, "
        "bertarikh {rate_date}, digunakan.",
        "after-last-published": "{requested} selepas kadar terbaharu sumber: kadar "
        "{rate_date} digunakan.",
        "future-date": "{requested} belum tiba: kadar terbaharu, bertarikh {rate_date}, digunakan.",
        "live-unavailable": "Sumber kadar langsung gagal: kadar terbenam bertarikh "
        "{rate_date} digunakan.",
    },
}


def esc(value: object) -> str:
    """Text or an attribute value, escaped (``&<>"'``)."""
    return html.escape(str(value), quote=True)


def lang_tag(locale: str) -> str:
    """``zh_Hans`` → ``zh-Hans`` (BCP 47, for ``lang`` and ``Content-Language``)."""
    return locale.replace("_", "-")


def _words(locale: str) -> dict[str, str]:
    return _WORDS.get(locale, _WORDS["en"])


def word(locale: str, key: str) -> str:
    """One of the page's own words (``sources``, ``per_year`` …) in ``locale``."""
    return _words(locale)[key]


def not_in_force_lines(view: EquivalentsView) -> list[str]:
    """Each selected rule left out because no value was in force on the date, in words."""
    words = _words(view.locale)
    return [
        words["not_in_force"].format(rule=n.rule, date=view.rules_date, first=n.first_in_force_from)
        if n.last_through is None
        else words["not_in_force_after"].format(
            rule=n.rule, date=view.rules_date, last=n.last_through
        )
        for n in view.not_in_force
    ]


def rate_text(rate: RateView, locale: str) -> str:
    """The rate as plain text: 1 USD = 4.55 MYR (European Central Bank, rate of 2023-07-28)."""
    return _words(locale)["rate"].format(
        base=rate.base,
        value=rate.value,
        target=rate.target,
        publisher=rate.source.publisher,
        date=rate.rate_date,
    )


def fallback_words(rate: RateView, locale: str) -> str | None:
    """Why the rate is of another day than asked, in the locale; None when it is not."""
    if rate.fallback is None:
        return None
    table = _FALLBACKS.get(locale, _FALLBACKS["en"])
    template = table.get(rate.fallback)
    if template is None:
        return rate.fallback_detail
    return template.format(requested=rate.requested_date or "", rate_date=rate.rate_date)


def page_title(kind: str, locale: str, headline: str) -> str:
    """``kind`` is ``equivalents`` or ``compare``."""
    return f"{headline} · {_words(locale)[kind]}"


def _rate_lines(rates: Iterable[RateView], locale: str) -> str:
    words = _words(locale)
    seen: set[tuple[str, str, str]] = set()
    parts: list[str] = []
    for rate in rates:
        key = (rate.base, rate.target, str(rate.rate_date))
        if rate.base == rate.target or key in seen:
            continue
        seen.add(key)
        line = words["rate"].format(
            base=esc(rate.base),
            value=esc(rate.value),
            target=esc(rate.target),
            publisher=_link(rate.source.publisher, rate.source.url),
            date=f'<time datetime="{rate.rate_date}">{rate.rate_date}</time>',
        )
        parts.append(f'<p class="wagecalc-rate">{line}</p>')
        if (why := fallback_words(rate, locale)) is not None:
            parts.append(f'<p class="wagecalc-fallback">{esc(why)}</p>')
    return "".join(parts)


def _link(text: str, url: str | None) -> str:
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{esc(url)}" rel="noopener noreferrer" target="_blank">{esc(text)}</a>'
    return esc(text)


def figure_lines(item: EquivalentView, view: EquivalentsView) -> list[str]:
    """What the figure describes and when it was published; that the last sourced period
    is used when the date asked is past it ("No later figure was found: ...")."""
    words = _words(view.locale)
    lines = []
    if item.period is not None:
        template = words["figure_of" if item.published is None else "figure_published"]
        lines.append(template.format(period=item.period, published=item.published))
        if item.carried_forward:
            lines.append(words["carried_forward"].format(period=item.period, date=view.rules_date))
    return lines


def _rule_source(
    source: RuleSourceView,
    as_of: object,
    locale: str,
    note: str | None = None,
    figure: list[str] | None = None,
) -> str:
    words = _words(locale)
    text = f"{_link(source.title, source.url)}, {esc(source.publisher)}, "
    text += f'<time datetime="{source.date}">{source.date}</time>'
    text += f" ({esc(words['as_of'].format(date=as_of))})"
    for line in figure or ():
        text += f'<br><span class="wagecalc-figure">{esc(line)}</span>'
    for remark in (source.note, note):  # the source's note, then the value's (scope, doubts)
        if remark:
            text += f'<br><span class="wagecalc-note">{esc(remark)}</span>'
    return f"<li>{text}</li>"


def _attributes(values: Mapping[str, str | bool | None]) -> str:
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(parts)


def _document(
    locale: str, title: str, oembed_href: str, element: str, attrs: str, inner: str, meta: str
) -> str:
    return (
        "<!doctype html>\n"
        f'<html lang="{esc(lang_tag(locale))}" data-wagecalc-embed>\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        f"{meta}"
        f'<link rel="stylesheet" href="{EMBED_CSS_PATH}">\n'
        f'<link rel="alternate" type="application/json+oembed" href="{esc(oembed_href)}" '
        f'title="{esc(title)}">\n'
        f'<script type="module" src="{WIDGET_PATH}"></script>\n'
        '<link rel="icon" href="data:,">\n'  # no favicon request (and 404) per embed
        "</head>\n<body>\n<main>\n"
        f"<{element}{attrs}>\n"
        f'<section class="wagecalc-answer" aria-live="polite">\n{inner}\n</section>\n'
        f"</{element}>\n</main>\n</body>\n</html>\n"
    )


def oembed_href(base_url: str, embed_url: str) -> str:
    return f"{base_url}/oembed?" + urlencode({"url": embed_url, "format": "json"}, quote_via=quote)


def equivalents_page(
    view: EquivalentsView,
    query: Mapping[str, str | bool | None],
    *,
    data_url: str,
    oembed: str,
    meta: str = "",
) -> str:
    """The equivalents answer as a page: the amount, each sentence with its rule's source.
    ``meta``: more markup for ``<head>`` (the social tags, :mod:`wagecalc.api.social`)."""
    locale = view.locale
    words = _words(locale)
    headline = view.amount.formatted or f"{view.amount.amount} {view.amount.currency}"
    items = "".join(
        f'<li data-rule="{esc(item.rule)}" data-kind="{esc(item.kind)}">{esc(item.sentence)}</li>'
        for item in view.equivalents
    )
    sources = "".join(
        _rule_source(i.source, i.in_force_from, locale, i.note, figure_lines(i, view))
        for i in view.equivalents
    )
    rates = [i.conversion for i in view.equivalents if i.conversion is not None]
    left_out = "".join(f"<li>{esc(line)}</li>" for line in not_in_force_lines(view))
    inner = (
        f'<h1 class="wagecalc-headline">{esc(headline)}</h1>\n'
        f'<ul class="wagecalc-equivalents">{items}</ul>\n'
        + (f'<ul class="wagecalc-not-in-force">{left_out}</ul>\n' if left_out else "")
        + f"{_rate_lines(rates, locale)}\n"
        f'<h2>{esc(words["sources"])}</h2>\n<ol class="wagecalc-sources">{sources}</ol>\n'
        f'<p class="wagecalc-data"><a href="{esc(data_url)}">{esc(words["data"])}</a></p>'
    )
    title = page_title("equivalents", locale, headline)
    return _document(locale, title, oembed, "wagecalc-equivalents", _attributes(query), inner, meta)


def _money(amount: str, currency: str, locale: str) -> str:
    return format_money(Decimal(amount), currency, locale)


def compare_page(
    view: ComparisonView,
    query: Mapping[str, str | bool | None],
    *,
    data_url: str,
    oembed: str,
    meta: str = "",
) -> str:
    """Two salaries as a page: a table in the display currency, the sentences, the rates.
    ``meta``: more markup for ``<head>``."""
    locale = view.locale
    words = _words(locale)
    rows = "".join(
        "<tr>"
        f'<th scope="row">{esc(s.label)}</th>'
        f"<td>{esc(s.given.amount)} {esc(s.given.currency)}/{esc(s.given.period)}</td>"
        f"<td>{esc(_money(s.per_period['year'], view.currency, locale))}</td>"
        f"<td>{esc(_money(s.per_period['hour'], view.currency, locale))}</td>"
        "</tr>"
        for s in view.salaries
    )
    head = "".join(
        f'<th scope="col">{esc(w)}</th>'
        for w in (words["salary"], words["given"], words["per_year"], words["per_hour"])
    )
    sentences = "".join(f"<li>{esc(p.sentence)}</li>" for p in view.pairs)
    inner = (
        f'<h1 class="wagecalc-headline">{esc(view.pairs[0].sentence)}</h1>\n'
        f'<table class="wagecalc-compare"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>\n"
        f'<ul class="wagecalc-sentences">{sentences}</ul>\n'
        f"{_rate_lines((s.rate for s in view.salaries), locale)}\n"
        f'<p class="wagecalc-data"><a href="{esc(data_url)}">{esc(words["data"])}</a></p>'
    )
    labels = " / ".join(s.label for s in view.salaries)
    title = page_title("compare", locale, labels)
    return _document(locale, title, oembed, "wagecalc-compare", _attributes(query), inner, meta)
