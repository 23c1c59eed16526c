"""The embed pages' markup: complete HTML documents built from the JSON views.

Every value that reaches the markup goes through :func:`esc` (``html.escape``
with ``quote=True``), attribute values included, and every attribute is
double-quoted: a label such as ``"><img onerror=...>`` stays text. The pages
have no inline script or style (their CSP forbids both): the stylesheet is
``/embed/v1/embed.css?v=DIGEST`` and the one script is the widget module.

The contract the widget relies on: ``<html data-wagecalc-embed>``, one
``<wagecalc-equivalents>`` or ``<wagecalc-compare>`` element whose attributes
mirror the query and whose light-DOM children are the answer, and
``<script type="module" src="/widget/v2/wagecalc.js">`` (the current widget) in the head.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping
from decimal import Decimal
from importlib.resources import files
from urllib.parse import quote, urlencode

from wagecalc.formatting import format_money, format_money_prose
from wagecalc.money import round_to_minor_units
from wagecalc.sentences import figure_phrase, per_phrase, publisher_name
from wagecalc.views import (
    ComparisonView,
    EquivalentsView,
    EquivalentView,
    RateView,
    RuleSourceView,
    lang_tag,
)

__all__ = [
    "EMBED_CSS_DIGEST",
    "EMBED_CSS_PATH",
    "WIDGET_PATH",
    "compare_page",
    "document",
    "element_attributes",
    "equivalents_page",
    "esc",
    "fallback_words",
    "figure_lines",
    "headline",
    "lang_tag",
    "not_in_force_lines",
    "page_title",
    "rate_lines",
    "rate_text",
    "word",
]

#: The stylesheet's content digest (SHA-256, 16 hex digits): the pages link
#: ``/embed/v1/embed.css?v=DIGEST``, and only that URL is served ``immutable``, so a release
#: that changes the stylesheet changes the URL the pages ask for (issue 21: it had changed
#: in place under a year's ``immutable``).
EMBED_CSS_DIGEST = hashlib.sha256(
    files("wagecalc").joinpath("embed", "embed.css").read_bytes()
).hexdigest()[:16]
EMBED_CSS_PATH = f"/embed/v1/embed.css?v={EMBED_CSS_DIGEST}"
WIDGET_PATH = "/widget/v2/wagecalc.js"

#: The few words of the page that are not sentences from the library, per served locale.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "equivalents": "Salary equivalents",
        "compare": "Salary comparison",
        "check": "A reported figure, checked",
        "sources": "Sources",
        "as_of": "in force from {date}",
        "source": "{title}, {publisher}, {date} ({as_of})",
        "sources_line": "Sources: {sources}",
        "dated": "{name} ({date})",
        "label_value": "{label}: {value}",
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
        "sources": "来源",
        "as_of": "自{date}起生效",
        "source": "{title}，{publisher}，{date}（{as_of}）",
        "sources_line": "来源：{sources}",
        "dated": "{name}（{date}）",
        "label_value": "{label}：{value}",
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
        "sources": "來源",
        "as_of": "自{date}起生效",
        "source": "{title}，{publisher}，{date}（{as_of}）",
        "sources_line": "來源：{sources}",
        "dated": "{name}（{date}）",
        "label_value": "{label}：{value}",
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
        "sources": "Sumber",
        "as_of": "berkuat kuasa dari {date}",
        "source": "{title}, {publisher}, {date} ({as_of})",
        "sources_line": "Sumber: {sources}",
        "dated": "{name} ({date})",
        "label_value": "{label}: {value}",
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


def esc(value: object) -> str:
    """Text or an attribute value, escaped (``&<>"'``)."""
    return html.escape(str(value), quote=True)


def _words(locale: str) -> dict[str, str]:
    # Views carry BCP 47 tags (zh-Hans); the tables are keyed by the library's ids (zh_Hans).
    return _WORDS.get(locale.replace("-", "_"), _WORDS["en"])


def word(locale: str, key: str) -> str:
    """One of the page's own words (``sources``, ``per_year`` …) in ``locale``."""
    return _words(locale)[key]


def not_in_force_lines(view: EquivalentsView) -> list[str]:
    """Each selected rule left out, in words: no value was in force on the date, then the
    rate source could not convert into its currency (``not_converted``)."""
    unconverted = view.not_converted or []  # UNSET (none) is falsy
    return [n.sentence for n in view.not_in_force] + [n.sentence for n in unconverted]


def rate_text(rate: RateView, locale: str | None = None) -> str:
    """The rate as a line for people, in the view's locale: 'Exchange rate: 1 USD = 4.5495
    MYR (European Central Bank, rate of 2026-10-30, 28 days before the date asked).'"""
    return rate.text


def fallback_words(rate: RateView, locale: str | None = None) -> str | None:
    """Why the rate is of another day than asked, in the view's locale; None when it is not."""
    return rate.fallback_text


def headline(view: EquivalentsView) -> str:
    """The amount as a reader reads it, with its period: ``'USD 900,000 a year'``,
    ``'每年US$900,000'`` (prose: no ``.00`` on a whole amount)."""
    locale = view.locale.replace("-", "_")
    amount = view.amount
    rounded = round_to_minor_units(Decimal(amount.amount), amount.currency)
    return figure_phrase(
        locale,
        amount=format_money_prose(rounded, amount.currency, locale),
        per=per_phrase(amount.period, locale),
    )


def page_title(kind: str, locale: str, headline: str) -> str:
    """``kind`` is ``equivalents`` or ``compare``."""
    return f"{headline} · {_words(locale)[kind]}"


def _rate_lines(rates: Iterable[RateView], locale: str) -> str:
    seen: set[tuple[str, str, str]] = set()
    parts: list[str] = []
    for rate in rates:
        key = (rate.base, rate.target, str(rate.rate_date))
        if rate.base == rate.target or key in seen:
            continue
        seen.add(key)
        line = esc(rate.text)
        name = publisher_name(locale, rate.source.publisher)
        if rate.source.url.startswith(("https://", "http://")):
            # The publisher's name (as the line gives it, in the locale) links to its source.
            line = line.replace(esc(name), _link(name, rate.source.url), 1)
        parts.append(f'<p class="wagecalc-rate">{line}</p>')
        if (why := fallback_words(rate)) is not None:
            parts.append(f'<p class="wagecalc-fallback">{esc(why)}</p>')
    return "".join(parts)


def _link(text: str, url: str | None, lang: str | None = None) -> str:
    """``text`` linked to ``url`` when it is a web address; ``lang``, the BCP 47 tag of a
    text in another language than the page's, goes on the link (or a span around it)."""
    mark = "" if lang is None else f' lang="{esc(lang)}"'
    if url and url.startswith(("https://", "http://")):
        return (
            f'<a href="{esc(url)}" rel="noopener noreferrer" target="_blank"{mark}>{esc(text)}</a>'
        )
    return _in_lang(text, lang)


def _in_lang(text: str, lang: str | None) -> str:
    """``text``, escaped, in a span that says its language when that is not the page's
    (WCAG 2.x SC 3.1.2: a screen reader then reads an English headline as English)."""
    return esc(text) if lang is None else f'<span lang="{esc(lang)}">{esc(text)}</span>'


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


def _source_date(source: RuleSourceView) -> str:
    """The source's date as the reader sees it, machine-readable where it states one."""
    if source.date_precision == "undated":
        return esc(source.date_text)
    stated = source.date.isoformat()[:7] if source.date_precision == "month" else source.date
    return f'<time datetime="{stated}">{esc(source.date_text)}</time>'


def _rule_source(
    source: RuleSourceView,
    as_of: object,
    locale: str,
    note: str | None = None,
    figure: list[str] | None = None,
) -> str:
    words = _words(locale)
    text = words["source"].format(
        title=_link(source.title, source.url, source.title_lang),
        publisher=_in_lang(source.publisher, source.publisher_lang),
        date=_source_date(source),
        as_of=esc(words["as_of"].format(date=as_of)),
    )
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
    locale = view.locale.replace("-", "_")  # the library's id, for its formatters
    words = _words(locale)
    top = headline(view)
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
        f'<h1 class="wagecalc-headline">{esc(top)}</h1>\n'
        f'<ul class="wagecalc-equivalents">{items}</ul>\n'
        + (f'<ul class="wagecalc-not-in-force">{left_out}</ul>\n' if left_out else "")
        + f"{_rate_lines(rates, locale)}\n"
        f'<h2>{esc(words["sources"])}</h2>\n<ol class="wagecalc-sources">{sources}</ol>\n'
        f'<p class="wagecalc-data"><a href="{esc(data_url)}">{esc(words["data"])}</a></p>'
    )
    title = page_title("equivalents", locale, top)
    return _document(locale, title, oembed, "wagecalc-equivalents", _attributes(query), inner, meta)


def _given(formatted: str, period: str, locale: str) -> str:
    """A salary as given, for the table: ``'USD 900,000.00 a year'``, ``'每年US$900,000.00'``."""
    return figure_phrase(locale, amount=formatted, per=per_phrase(period, locale))


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
    locale = view.locale.replace("-", "_")  # the library's id, for its formatters
    words = _words(locale)
    rows = "".join(
        "<tr>"
        f'<th scope="row">{esc(s.label)}</th>'
        f"<td>{esc(_given(s.given.formatted, s.given.period, locale))}</td>"
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


#: For the other embed pages (:mod:`wagecalc.api.check_page`): the rate lines with their
#: source links, the element's attributes from the query, the whole document.
rate_lines = _rate_lines
element_attributes = _attributes
document = _document
