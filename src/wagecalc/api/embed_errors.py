"""Errors on the embed pages as HTML pages a frame can show, not problem+json.

A news page frames ``/embed/equivalents?…``; when the query is wrong (a typo in
the amount, an unknown rule, a date before the data) the service used to answer
the 422 ``application/problem+json`` with ``frame-ancestors 'none'``, which
Chromium shows as its broken-page icon. Now an error on an embed page keeps its
status and ``no-store``, but is a short page in the page's language (``locale``
if it names one, else ``Accept-Language``), under the embed pages' own CSP and
``frame-ancestors`` (:class:`wagecalc.api.edge.AnswerHeaders`), with the
problem's detail for the page's editors in a ``<details>``. The JSON routes
keep their problems and ``frame-ancestors 'none'``.

:class:`EmbedErrorPages`, a Litestar init plugin, wraps every exception handler
of the app (register it after the plugins that add handlers, before
:class:`wagecalc.api.edge.ErrorAnswerHeaders`, which completes the headers of
what it returns).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from litestar import MediaType, Request, Response
from litestar.plugins import InitPluginProtocol

from wagecalc.api.html import EMBED_CSS_PATH, WIDGET_PATH, esc, lang_tag
from wagecalc.api.routes.embed import EMBED_PAGES
from wagecalc.errors import WagecalcError
from wagecalc.locales import negotiate_locale

if TYPE_CHECKING:
    from litestar.config.app import AppConfig

__all__ = ["EmbedErrorPages", "error_page"]

#: What a reader of the framing page is told, per served locale: the link is wrong (4xx), or
#: the service failed (5xx); and the label of the editors' details.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "This figure cannot be shown",
        "client": "The link to this figure has a mistake, so there is nothing to show here.",
        "server": "This figure cannot be shown right now. Please try again later.",
        "details": "Details for the page's editors",
    },
    "zh_Hans": {
        "title": "无法显示此数据",
        "client": "此数据的链接有误，因此这里没有可显示的内容。",
        "server": "暂时无法显示此数据，请稍后再试。",
        "details": "供页面编辑参考的详情",
    },
    "zh_Hant": {
        "title": "無法顯示此數據",
        "client": "此數據的連結有誤，因此這裡沒有可顯示的內容。",
        "server": "暫時無法顯示此數據，請稍後再試。",
        "details": "供頁面編輯參考的詳情",
    },
    "ms": {
        "title": "Angka ini tidak dapat dipaparkan",
        "client": "Pautan ke angka ini mengandungi kesilapan, jadi tiada apa-apa untuk "
        "dipaparkan di sini.",
        "server": "Angka ini tidak dapat dipaparkan buat masa ini. Sila cuba sebentar lagi.",
        "details": "Butiran untuk editor halaman",
    },
}
#: Headers of the problem answer that the page keeps (its framing ones come from Edge).
_KEPT = frozenset({"cache-control", "allow", "retry-after"})


def _locale(request: Request[Any, Any, Any]) -> str:
    """The page's language: its ``locale`` parameter, else ``Accept-Language``, else en (a
    malformed ``locale``, perhaps the very error, is passed over)."""
    query = request.scope.get("query_string", b"").decode("latin-1")
    requested = dict(parse_qsl(query)).get("locale")
    accept = request.headers.get("accept-language")
    try:
        return negotiate_locale(requested, accept)
    except WagecalcError:
        return negotiate_locale(None, accept)


def _details(problem: Mapping[str, Any]) -> list[str]:
    """The problem's messages: one per field error, else its detail."""
    errors = problem.get("errors")
    if isinstance(errors, list):
        messages = [str(e.get("message", "")) for e in errors if isinstance(e, dict)]
        if any(messages):
            return [m for m in messages if m]
    detail = problem.get("detail") or problem.get("title") or ""
    return [str(detail)] if detail else []


def error_page(status: int, locale: str, problem: Mapping[str, Any]) -> str:
    """The page for an error of ``status``, in ``locale``, with ``problem``'s messages."""
    words = _WORDS.get(locale, _WORDS["en"])
    said = words["server"] if status >= 500 else words["client"]
    items = "".join(f"<li>{esc(m)}</li>" for m in _details(problem)) if status < 500 else ""
    details = (
        f'<details class="wagecalc-data"><summary>{esc(words["details"])}</summary>'
        f"<ul>{items}</ul></details>\n"
        if items
        else ""
    )
    return (
        "<!doctype html>\n"
        f'<html lang="{esc(lang_tag(locale))}" data-wagecalc-embed>\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{esc(words['title'])}</title>\n"
        f'<link rel="stylesheet" href="{EMBED_CSS_PATH}">\n'
        # The widget script only reports the page's height to host.js (no element here).
        f'<script type="module" src="{WIDGET_PATH}"></script>\n'
        '<link rel="icon" href="data:,">\n'
        "</head>\n<body>\n<main>\n"
        f'<section class="wagecalc-answer wagecalc-error" role="alert">\n'
        f'<h1 class="wagecalc-headline">{esc(words["title"])}</h1>\n'
        f"<p>{esc(said)}</p>\n{details}"
        "</section>\n</main>\n</body>\n</html>\n"
    )


class EmbedErrorPages(InitPluginProtocol):
    """Wraps every exception handler so that an error on an embed page is :func:`error_page`."""

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.exception_handlers = {
            kind: _wrap(handler) for kind, handler in app_config.exception_handlers.items()
        }
        return app_config


def _wrap(handler: Callable[..., Response[Any]]) -> Callable[..., Response[Any]]:
    def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        answer = handler(request, exc)
        status = answer.status_code or 500
        if request.scope.get("path") not in EMBED_PAGES or status < 400:
            return answer
        problem = answer.content if isinstance(answer.content, Mapping) else {}
        headers = {k: v for k, v in answer.headers.items() if k.lower() in _KEPT}
        headers.setdefault("Cache-Control", "no-store")
        locale = _locale(request)
        headers["Content-Language"] = lang_tag(locale)
        page = error_page(status, locale, problem)
        return Response(page, status_code=status, media_type=MediaType.HTML, headers=headers)

    return handle
