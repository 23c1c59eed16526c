"""GET /demo: the mock article that embeds the widget, the iframe and the card."""

from __future__ import annotations

import base64
import hashlib
import re
from decimal import Decimal

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from wagecalc.api.routes.demo import STORY


@pytest.mark.parametrize(
    ("url", "lang"),
    [
        ("/demo", "en"),
        ("/demo/en", "en"),
        ("/demo/zh-Hans", "zh-Hans"),
        ("/demo?lang=zh-Hans", "zh-Hans"),
    ],
)
def test_demo_in_both_languages(client: TestClient[Litestar], url: str, lang: str) -> None:
    """The article is HTML in the asked language, embedding the three forms."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-language"] == lang
    page = response.text
    assert f'<html lang="{lang}">' in page
    assert '<script type="module" src="/widget/v2/wagecalc.js" blocking="render"></script>' in page
    assert '<script src="/widget/v2/host.js" async></script>' in page
    assert re.search(r"<wagecalc-equivalents [^>]*amount=\"900000\"[^>]*>", page)
    assert "<wagecalc-compare " in page
    assert re.search(
        r'<iframe class="wagecalc" src="/embed/equivalents\?[^"]+"\s+title="[^"]+"', page
    )
    assert re.search(
        r'<img class="card" src="/v1/cards/equivalents\.svg\?[^"]+"[^>]*\s+alt="[^"]{40,}"', page
    )


def test_demo_csp_is_strict(client: TestClient[Litestar]) -> None:
    """No inline script; scripts, fetches, frames and images from the page's origin; the
    one style block allowed by its hash; the page itself is not framed."""
    response = client.get("/demo")
    csp = response.headers["content-security-policy"]
    assert response.headers.get_list("content-security-policy") == [csp]
    for directive in (
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "img-src 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.S)
    assert scripts and all(' src="' in attrs and body == "" for attrs, body in scripts)
    style = re.search(r"<style>(.*?)</style>", response.text, re.S)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style[1].encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp


@pytest.mark.parametrize("url", ["/demo/fr", "/demo?lang=zh-TW"])
def test_other_languages_are_refused(client: TestClient[Litestar], url: str) -> None:
    """An unknown language is a 422 naming the field."""
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lang"


def test_fallback_figures_are_the_services(client: TestClient[Litestar]) -> None:
    """The no-script text's figures are the ones the API gives for the same request."""
    page = client.get("/demo").text
    converted = client.get(
        "/v1/convert",
        params={"amount": STORY["amount"], "from": "USD", "to": "MYR", "date": STORY["date"]},
    ).json()
    assert f"MYR {int(converted['to']['amount'].split('.')[0]):,}." in page
    rate = Decimal(converted["rate"]["value"]).quantize(Decimal("0.0001"))
    assert f"1 USD = {rate} MYR" in page  # prose gives rates to four decimals
    answer = client.get("/v1/equivalents", params={**STORY, "rules": "story"}).json()
    threshold = answer["equivalents"][0]
    assert threshold["rule"] == "sag-aftra-health-eligibility"
    assert f"threshold of {threshold['count']} actors" in page
