"""``create_app()``: the Litestar application, built without I/O (data loads in the lifespan)."""

from __future__ import annotations

from litestar import Controller, Litestar
from litestar.openapi.spec import Components, License, Tag

import wagecalc
from wagecalc.api.bodies import DepthCheckedRequest
from wagecalc.api.cors import Cors
from wagecalc.api.docs import JsonDocs, PlainDocs
from wagecalc.api.edge import AnswerHeaders, Edge, ErrorAnswerHeaders
from wagecalc.api.embed_errors import EmbedErrorPages
from wagecalc.api.encoding import COMPRESSION
from wagecalc.api.openapi import ContractOpenAPIConfig
from wagecalc.api.problems import exception_handlers, problem_details_plugin
from wagecalc.api.routes import (
    cards,
    check,
    check_embed,
    comparison,
    conversion,
    embed,
    equivalents,
    oembed,
    reference,
)
from wagecalc.api.routes.demo import demo, demo_in
from wagecalc.api.routes.health import healthz, readyz
from wagecalc.api.routes.widget import widget_script
from wagecalc.api.state import AppState, load_state
from wagecalc.config import Settings

__all__ = ["create_app"]

_DESCRIPTION = (
    "Convert and compare salaries across currencies and pay periods, and express amounts as "
    "equivalents. Every figure carries its exchange rate, the date of that rate, why that date "
    "was used, and the source. Amounts are decimal strings; errors are RFC 9457 problem details."
)

_TAGS = [
    Tag(name="conversion", description="One pay figure in another currency and period."),
    Tag(name="equivalents", description="An amount as counts of things from the rule tables."),
    Tag(name="comparison", description="Salaries side by side: every period, ratios, time."),
    Tag(name="reference", description="The data behind the answers: currencies, rates, rules."),
    Tag(name="embed", description="Answers as HTML pages another site may frame."),
    Tag(name="health", description="Liveness and readiness for orchestrators."),
]


#: One controller per resource. Handlers that read rates call their work through
#: ``params.compute``, which moves it to a worker thread when the rate source may wait on
#: the network (live, Frankfurter) and runs it on the event loop for the embedded data.
_CONTROLLERS: list[type[Controller]] = [
    conversion.ConversionController,
    check.CheckController,
    check_embed.CheckCardController,
    check_embed.CheckEmbedController,
    equivalents.EquivalentsController,
    comparison.ComparisonController,
    reference.ReferenceController,
    embed.EmbedController,
    oembed.OEmbedController,
    cards.CardsController,
]


def create_app(settings: Settings | None = None) -> Litestar:
    """The app for ``settings`` (default: from ``WAGECALC_*`` variables, read now, once)."""
    settings = settings or Settings.from_env()
    cors = Cors(settings.cors_origins, settings.cors_methods)
    answer_headers = AnswerHeaders(cors, settings.embed_ancestors)
    return Litestar(
        route_handlers=[
            *_CONTROLLERS,
            healthz,
            readyz,
            widget_script,
            demo,
            demo_in,
        ],
        state=AppState({"settings": settings}),
        lifespan=[load_state(settings)],  # type: ignore[list-item]
        # EmbedErrorPages, then ErrorAnswerHeaders last: each wraps the exception handlers
        # the plugins before it add (the embed pages' errors become HTML, then every
        # answer made outside Edge gets its headers).
        plugins=[problem_details_plugin(), EmbedErrorPages(), ErrorAnswerHeaders(answer_headers)],
        exception_handlers=exception_handlers,  # type: ignore[arg-type]
        # Preflights, request checks, the response cache, ETags, and the security, CORS and
        # framing headers on every answer (api/edge.py; errors made outside it, such as the
        # router's 404s, get them from ErrorAnswerHeaders).
        middleware=[Edge(cors, answer_headers, host_in_key=settings.public_origin is None)],
        request_max_body_size=settings.max_body_bytes,
        # The same 400 for a too-deep JSON body on every Python (api/bodies.py).
        request_class=DepthCheckedRequest,
        # JSON and HTML of 1 KB and more, brotli or gzip (api/encoding.py); inside Edge, so
        # the response cache keeps each encoding's bytes.
        compression_config=COMPRESSION,
        openapi_config=ContractOpenAPIConfig(
            title="wagecalc",
            version=wagecalc.__version__,
            description=_DESCRIPTION,
            license=License(name="Apache-2.0", url="https://www.apache.org/licenses/LICENSE-2.0"),
            tags=_TAGS,
            path="/schema",
            render_plugins=[PlainDocs(), JsonDocs()],
            components=Components(),
        ),
        logging_config=None,
        debug=False,
    )
