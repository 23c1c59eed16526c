"""The v1 endpoints, one controller per resource."""

from __future__ import annotations

from litestar.openapi.datastructures import ResponseSpec
from msgspec import Struct

__all__ = ["PROBLEMS", "Problem"]


class Problem(Struct, kw_only=True):
    """RFC 9457 problem details; ``errors`` names each bad field."""

    status: int
    type: str
    title: str
    detail: str
    errors: list[dict[str, str | None]] | None = None


PROBLEMS = {
    422: ResponseSpec(
        data_container=Problem,
        description=(
            "Invalid input, or no rate for that currency and date: `errors` names each field."
        ),
        media_type="application/problem+json",
        generate_examples=False,  # random examples would make the committed document drift
    ),
}
