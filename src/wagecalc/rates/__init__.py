"""Exchange rates: quotes with provenance, and the sources that answer them."""

from wagecalc.rates.ecb import EcbHistory, EcbSource, load_embedded_history
from wagecalc.rates.quotes import (
    SPOT,
    Basis,
    Coverage,
    Fallback,
    Leg,
    Quote,
    RateSource,
    SourceInfo,
    Window,
    parse_basis,
)

__all__ = [
    "SPOT",
    "Basis",
    "Coverage",
    "EcbHistory",
    "EcbSource",
    "Fallback",
    "Leg",
    "Quote",
    "RateSource",
    "SourceInfo",
    "Window",
    "load_embedded_history",
    "parse_basis",
]
