"""The HTTP API: a thin Litestar layer over the library."""

from wagecalc.api.app import create_app

__all__ = ["create_app"]
