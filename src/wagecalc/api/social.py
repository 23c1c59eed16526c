"""The tags that make a shared link show the answer: Open Graph, Twitter's card, a description.

A link to an embed page or the demo pasted into a social network or a chat shows
the PNG share card (``og:image``, 1200×630, the size those networks ask for a
large image), the page's title and one sentence of the answer. Every value is
escaped by :func:`wagecalc.api.html.esc`; the image URL is absolute, as Open
Graph requires.
"""

from __future__ import annotations

from wagecalc.api.html import esc
from wagecalc.cards import HEIGHT, WIDTH

__all__ = ["CARD_PATHS", "social_tags"]

#: The PNG card of each embed page (same query).
CARD_PATHS = {
    "/embed/equivalents": "/v1/cards/equivalents.png",
    "/embed/compare": "/v1/cards/compare.png",
    "/embed/check": "/v1/check/card.png",
}


def social_tags(*, title: str, description: str, image: str, image_alt: str = "") -> str:
    """The ``<meta>`` lines for ``<head>``: ``image`` is the card's absolute URL, ``image_alt``
    its text (default: ``description``)."""
    tags = [
        ("name", "description", description),
        ("property", "og:type", "website"),
        ("property", "og:site_name", "wagecalc"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:image", image),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(WIDTH)),
        ("property", "og:image:height", str(HEIGHT)),
        ("property", "og:image:alt", image_alt or description),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image),
    ]
    return "".join(f'<meta {kind}="{name}" content="{esc(value)}">\n' for kind, name, value in tags)
