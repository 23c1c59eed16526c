"""wagecalc's JSON API handlers alone: the app without ``Edge`` and its answer headers.

The floor of the cold rows: the same controllers, state, problem details and
exception handlers as ``wagecalc.api.create_app``, but no preflight, no request
checks, no response cache, no ETag and no security or CORS headers. What a cold
row costs over this is the edge's; what this costs over bench/params_app.py is the
handler's own work (the library, the view, the JSON). ``bench.profile count
convert-nomw`` (and ``equivalents-nomw``, ``compare-get-nomw``, ``compare-post-nomw``)
calls the same app.
"""

from __future__ import annotations

from litestar import Litestar

from wagecalc.api.problems import exception_handlers, problem_details_plugin
from wagecalc.api.routes import comparison, conversion, equivalents
from wagecalc.api.routes.health import readyz
from wagecalc.api.state import AppState, load_state
from wagecalc.config import Settings


def create_app() -> Litestar:
    settings = Settings()
    return Litestar(
        [
            conversion.ConversionController,
            equivalents.EquivalentsController,
            comparison.ComparisonController,
            readyz,
        ],
        state=AppState({"settings": settings}),
        lifespan=[load_state(settings)],  # type: ignore[list-item]
        plugins=[problem_details_plugin()],
        exception_handlers=exception_handlers,  # type: ignore[arg-type]
        logging_config=None,
    )
