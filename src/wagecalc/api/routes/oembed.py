"""GET /oembed: oEmbed 1.0 (type ``rich``) for this service's embed pages.

A consumer (a CMS pasting a link) gets an iframe of the embed page. The URL's
host is not trusted: only its path (``/embed/equivalents``,
``/embed/compare`` or ``/embed/check``) and query are kept, and the iframe is rebuilt on this
service's own origin, so an oEmbed answer can never point anywhere else. The
query is checked by computing the answer (the title comes from it): a URL that
is not an embed of this service, or whose query the embed page would refuse,
is a 404 problem naming ``url``. Only ``format=json`` is served: ``xml`` is a
501, as the spec says; any other value a 422. The thumbnail is the page's PNG
share card (1200×630), on this service's origin too.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Annotated, Any, get_args, get_type_hints
from urllib.parse import parse_qsl, urlencode, urlsplit

import msgspec
from litestar import Controller, Request, Response
from litestar.openapi.spec import Example
from litestar.params import QueryParameter
from litestar.plugins.problem_details import ProblemDetailsException

from wagecalc.api.answers import JSONAnswer
from wagecalc.api.check_page import check_page_title
from wagecalc.api.headers import check_query
from wagecalc.api.html import esc, headline, page_title
from wagecalc.api.params import AcceptLanguage, app_state, compute
from wagecalc.api.problems import PROBLEM_TYPE_PREFIX, InvalidRequestError
from wagecalc.api.routes import NEGOTIATED, get, get_responses, problem_spec
from wagecalc.api.routes.check import CheckQuery, check_answer
from wagecalc.api.routes.check_embed import CheckEmbedController
from wagecalc.api.routes.comparison import CompareQuery, compare_two_answer
from wagecalc.api.routes.embed import EmbedController, base_url
from wagecalc.api.routes.equivalents import EquivalentsQuery, equivalents_answer
from wagecalc.api.social import CARD_PATHS
from wagecalc.api.state import AppState
from wagecalc.cards import HEIGHT, WIDTH
from wagecalc.errors import InputError

__all__ = ["OEmbedController", "OEmbedView"]

#: The iframe's size when the consumer sets no maximum (CSS pixels).
DEFAULT_SIZE = {
    "/embed/equivalents": (600, 480),
    "/embed/compare": (600, 420),
    "/embed/check": (600, 640),
}


class OEmbedView(msgspec.Struct, frozen=True, kw_only=True):
    """An oEmbed 1.0 ``rich`` response."""

    version: str
    type: str
    provider_name: str
    provider_url: str
    title: str
    html: str
    """An ``<iframe>`` of the embed page on this service's origin (attribute values escaped)."""
    width: int
    height: int
    thumbnail_url: str
    """The page's PNG share card (the same query), on this service's origin."""
    thumbnail_width: int
    thumbnail_height: int


UrlParam = Annotated[
    str,
    QueryParameter(
        description=(
            "An embed page of this service: .../embed/equivalents?…, .../embed/compare?… or "
            ".../embed/check?…"
        ),
        max_length=2048,
        examples=[
            Example(value="http://127.0.0.1:8000/embed/equivalents?amount=900000&currency=USD")
        ],
        schema_extra={"format": "uri"},
    ),
]
FormatParam = Annotated[
    str,
    QueryParameter(
        description="json (xml: 501, not implemented).",
        max_length=16,
        examples=[Example(value="json")],
        schema_extra={"enum": ["json", "xml"]},
    ),
]
SizeParam = Annotated[
    int | None,
    QueryParameter(description="The most CSS pixels the consumer has room for.", ge=1, le=10_000),
]


def _not_an_embed(detail: str) -> ProblemDetailsException:
    return ProblemDetailsException(
        status_code=404,
        type_=PROBLEM_TYPE_PREFIX + "not-an-embed",
        title="Not an embed of this service",
        detail=detail,
        headers={"Cache-Control": "no-store"},
        extra={"errors": [{"field": "url", "code": "not-an-embed", "message": detail}]},
    )


class OEmbedController(Controller):
    path = "/oembed"
    tags = ["embed"]

    @get(
        summary="oEmbed 1.0 for an embed page",
        description=(
            "A `rich` oEmbed response whose html is an iframe of the embed page, on this "
            "service's own origin (the URL's host is not used), sized within maxwidth and "
            "maxheight. The title is in the negotiated language."
        ),
        responses={
            **get_responses(),
            404: problem_spec(
                "The URL is not an embed page of this service, or its query is "
                "one the page would refuse."
            ),
            501: problem_spec("format=xml (only json is implemented)."),
        },
        response_headers=NEGOTIATED,
    )
    async def oembed(
        self,
        request: Request[Any, Any, Any],
        url: UrlParam,
        format: FormatParam = "json",
        maxwidth: SizeParam = None,
        maxheight: SizeParam = None,
        accept_language: AcceptLanguage = None,
    ) -> Response[OEmbedView]:
        if format == "xml":
            raise ProblemDetailsException(
                status_code=501,
                type_=PROBLEM_TYPE_PREFIX + "format-not-implemented",
                title="Not Implemented",
                detail="format 'xml' is not served: use json",
                headers={"Cache-Control": "no-store"},
            )
        if format != "json":
            raise InvalidRequestError(
                [InputError(f"format {format[:16]!r}: json (or xml: 501)", field="format")]
            )
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.path not in DEFAULT_SIZE:
            raise _not_an_embed(
                "url must be an /embed/equivalents, /embed/compare or /embed/check URL"
            )
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = dict(pairs)
        if len(query) != len(pairs):
            raise _not_an_embed("the url's query repeats a parameter")
        _check_like_the_page(parts.path, parts.query, pairs)
        try:
            state = app_state(request)
            title, headers = await compute(
                state, _answer, state, parts.path, query, accept_language
            )
        except InvalidRequestError as exc:
            raise _not_an_embed(f"the embed page would refuse this url: {exc}"[:400]) from None
        width, height = DEFAULT_SIZE[parts.path]
        width, height = min(width, maxwidth or width), min(height, maxheight or height)
        origin = base_url(request)
        src = f"{origin}{parts.path}?{urlencode(pairs)}"
        # Without maxwidth, width="100%": the frame follows its column down to a 320 px
        # phone (a fixed 600 scrolled the page sideways); no inline style, which a strict
        # CSP would refuse. A consumer's maxwidth is kept as asked.
        shown = width if maxwidth else "100%"
        frame = (
            f'<iframe src="{esc(src)}" width="{shown}" height="{height}" title="{esc(title)}" '
            'frameborder="0" loading="lazy" referrerpolicy="no-referrer"></iframe>'
        )
        view = OEmbedView(
            version="1.0",
            type="rich",
            provider_name="wagecalc",
            provider_url=origin + "/",
            title=title,
            html=frame,
            width=width,
            height=height,
            thumbnail_url=f"{origin}{CARD_PATHS[parts.path]}?{urlencode(pairs)}",
            thumbnail_width=WIDTH,
            thumbnail_height=HEIGHT,
        )
        return JSONAnswer(view, headers=headers)


#: How Litestar reads a boolean query parameter (case aside); anything else is a 422 there.
_BOOLEANS = {"true", "false", "1", "0"}


@functools.cache
def _page_parameters(path: str) -> dict[str, tuple[int | None, bool]]:
    """The embed page's query parameters: name → (maxLength, whether a boolean), read from
    its query's declaration and its handler's own parameters (``theme``), so that the
    oEmbed check cannot drift from the page."""
    query, handler = {
        "/embed/equivalents": (EquivalentsQuery, EmbedController.equivalents),
        "/embed/compare": (CompareQuery, EmbedController.compare),
        "/embed/check": (CheckQuery, CheckEmbedController.check),
    }[path]
    hints = {
        **get_type_hints(query, include_extras=True),
        **get_type_hints(handler.fn, include_extras=True),
    }
    found: dict[str, tuple[int | None, bool]] = {}
    for name, hint in hints.items():
        for extra in getattr(hint, "__metadata__", ()):
            if isinstance(extra, QueryParameter):
                kind = get_args(hint)[0]
                boolean = kind is bool or bool in get_args(kind)
                found[extra.name or extra.query or name] = (extra.max_length, boolean)
    return found


def _check_like_the_page(path: str, raw_query: str, pairs: list[tuple[str, str]]) -> None:
    """A 404 naming ``url`` for a query the embed page refuses before its handler runs: the
    query checks every request gets (length, count, repeats) and each parameter's documented
    length and type. The values themselves are checked by computing the answer."""
    try:
        check_query(raw_query.encode())
    except InvalidRequestError as exc:
        raise _not_an_embed(f"the embed page would refuse this url: {exc}"[:400]) from None
    parameters = _page_parameters(path)
    for name, value in pairs:
        longest, boolean = parameters.get(name, (None, False))
        if longest is not None and len(value) > longest:
            raise _not_an_embed(
                f"the embed page would refuse this url: {name} is longer than {longest}"
            )
        if boolean and value.lower() not in _BOOLEANS:
            raise _not_an_embed(
                f"the embed page would refuse this url: {name} must be true or false"
            )


def _require(query: dict[str, str], *keys: str) -> None:
    if missing := [k for k in keys if k not in query]:
        raise _not_an_embed(f"the url's query lacks {', '.join(missing)}")


def _answer(
    state: AppState, path: str, query: dict[str, str], accept_language: str | None
) -> tuple[str, dict[str, str]]:
    """The embed page's title and caching headers, from the same answer the page shows."""
    if path == "/embed/equivalents":
        _require(query, "amount", "currency")
        asked = EquivalentsQuery(
            **_fields(EquivalentsQuery, query),
            compact=query.get("compact", "false").lower() in ("true", "1"),
            accept_language=accept_language,
        )
        view, headers = equivalents_answer(state, asked)
        return page_title("equivalents", view.locale, headline(view)), headers
    if path == "/embed/check":
        _require(query, "amount", "from", "reported", "to")
        fields = _fields(CheckQuery, query) | {"from_": query["from"]}
        checked = CheckQuery(**fields, accept_language=accept_language)
        result, used_locale, headers = check_answer(state, checked)
        return check_page_title(result, used_locale), headers
    _require(query, "a", "b", "currency")
    compared, headers = compare_two_answer(
        state, CompareQuery(**_fields(CompareQuery, query), accept_language=accept_language)
    )
    labels = " / ".join(s.label for s in compared.salaries)
    return page_title("compare", compared.locale, labels), headers


def _fields(query: type, given: dict[str, str]) -> dict[str, Any]:
    """The text fields of ``query`` that ``given`` names (the others keep their defaults):
    not the header, and not ``compact``, which the caller reads as Litestar does."""
    text = {f.name for f in dataclasses.fields(query)} - {"accept_language", "compact"}
    return {name: value for name, value in given.items() if name in text}
