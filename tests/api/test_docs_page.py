"""/schema/docs: Markdown rendered, the story as its "Try" links, the POST body shown."""

from __future__ import annotations

import html
import re

from litestar.testing import TestClient

from wagecalc.api import create_app


def test_docs_page_renders_markdown_links_the_story_and_shows_the_post_body() -> None:
    with TestClient(create_app()) as client:
        page = client.get("/schema/docs").text
        assert "`" not in page  # every backtick became <code>
        assert "<code>amount</code>" in page
        links = [html.unescape(link) for link in re.findall(r'Try: <a href="([^"]+)"', page)]
        assert "/v1/convert?amount=900000&from=USD&to=MYR&date=2023-07-26&to_period=month" in links
        for link in links:  # each example answers, with the story's figures
            assert client.get(link).status_code == 200, link
        post = page[page.index("<code>POST /v1/compare</code>") :]
        assert "Request body (<code>application/json</code>, required)" in post
        assert "&quot;background actor&quot;" in post.split("</pre>")[0]


def test_markdown_is_escaped_before_it_is_rendered() -> None:
    from wagecalc.api.docs import _markdown

    assert _markdown("`<b>` **x** [doc](/schema) [bad](javascript:alert(1))") == (
        '<code>&lt;b&gt;</code> <strong>x</strong> <a href="/schema">doc</a> '
        "[bad](javascript:alert(1))"
    )
