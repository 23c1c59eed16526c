"""A rule's ``source.url`` is an https:// or http:// link, or the table does not load (issue 25):
``javascript:`` and ``data:`` URLs passed into every answer's JSON before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wagecalc.errors import ConfigError
from wagecalc.rules import default_rules, load_rules


def _table(url: str) -> str:
    source = {"title": "A figure", "publisher": "Tests", "date": "2023-01-01", "url": url}
    inline = ", ".join(
        f"{k} = {v}" if k == "date" else f"{k} = {json.dumps(v)}" for k, v in source.items()
    )
    return (
        'locales = ["en"]\n[[rules]]\nid = "linked"\nkind = "price"\nper = "item"\n'
        'labels = { en = { one = "thing", other = "things" } }\namount = "10"\ncurrency = "USD"\n'
        f"as_of = 2023-01-01\nsource = {{ {inline} }}\n"
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https:\\\\evil.example\\x",
        "https:/evil.example",
        "//evil.example/x",
        "ftp://example.org/x",
        "HTTPS://",
        "https://exa mple.org/",
        "https://example.org/\u202e",
        "vbscript:msgbox(1)",
    ],
)
def test_a_source_url_that_is_not_a_web_link_stops_loading(tmp_path: Path, url: str) -> None:
    """A clear ConfigError naming the file, the rule and source.url."""
    path = tmp_path / "t.toml"
    path.write_text(_table(url), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules([path], include_defaults=False)
    message = str(caught.value)
    assert str(path) in message and "source.url" in message and "linked" in message


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "http://127.0.0.1:8000/x"])
def test_web_links_load(tmp_path: Path, url: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(_table(url), encoding="utf-8")
    (rule,) = load_rules([path], include_defaults=False).select(["linked"])
    assert rule.values[0].source.url == url


def test_the_packaged_tables_have_web_links_only() -> None:
    for rule in default_rules().select(None):
        for value in rule.values:
            url = value.source.url
            assert url is None or url.startswith(("https://", "http://")), (rule.id, url)
