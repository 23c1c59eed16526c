"""GET /demo: a mock news article (the seed story) that embeds wagecalc three ways.

The page shows what a newsroom pastes: the script tag with ``<wagecalc-equivalents>``
and ``<wagecalc-compare>``, an iframe of ``/embed/equivalents`` sized by the host
snippet (``/widget/v2/host.js``), and the SVG card as an image with alt text. It is
in English (``/demo``, ``/demo/en``) and Simplified Chinese (``/demo/zh-Hans``,
``/demo?lang=zh-Hans``).

Its CSP is as strict as a careful news site's: no inline script (scripts from this
origin only), one hashed style block, frames and images from this origin only.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.params import FromPath, QueryParameter

from wagecalc.api.problems import InvalidRequestError
from wagecalc.api.routes import get
from wagecalc.api.routes.embed import base_url
from wagecalc.api.social import social_tags
from wagecalc.errors import InputError

__all__ = ["DEMO_LANGUAGES", "demo", "demo_in"]

DEMO_LANGUAGES = ("en", "zh-Hans")

#: The story's request: USD 900,000 a year on the day the job listing was reported.
STORY = {"amount": "900000", "currency": "USD", "period": "year", "date": "2023-07-26"}
_RULES = "story"

_STYLE = """
body{margin:0;font:17px/1.6 Georgia,"DejaVu Serif",serif;
color:#1b1b1b;background:#fafaf7}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{border-bottom:3px double #1b1b1b;padding-top:1rem}
.mast{font:700 1.6rem/1.2 system-ui,sans-serif;margin:0}
nav{font:0.9rem system-ui,sans-serif;margin:.25rem 0 .5rem}
nav a{margin-right:1rem}
h1{font-size:1.9rem;line-height:1.25;margin:1.25rem 0 .25rem}
h2{font:600 1.15rem system-ui,sans-serif;margin:2rem 0 .5rem;
border-top:1px solid #bbb;padding-top:1rem}
.byline,.note,figcaption{font:0.9rem system-ui,sans-serif;color:#4a4a4a}
figure{margin:1rem 0}
iframe.wagecalc{display:block;width:100%;height:930px;border:0}
img.card{display:block;width:100%;height:auto;border:1px solid #c4c4c4;border-radius:8px}
footer{margin-top:3rem;padding-bottom:2rem;font:0.85rem system-ui,sans-serif;color:#4a4a4a}
@media (min-width:80rem){header,main,footer{max-width:92rem}
article{display:grid;grid-template-columns:minmax(0,46rem) minmax(0,40rem);gap:0 3rem}
.story{grid-column:1}.embeds{grid-column:2}iframe.wagecalc{height:660px}}
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
_CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; frame-src 'self'; "
    f"img-src 'self'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

_TEXT = {
    "en": {
        "mast": "The Loopback Ledger",
        "nav": "Language",
        "title": (
            "Netflix offers up to USD 900,000 a year for an AI product manager as actors strike"
        ),
        "byline": "Business desk · 26 July 2023 · a mock article showing wagecalc's embeds",
        "lead": (
            "While Hollywood's writers and actors were on strike, partly over AI, Netflix "
            "advertised a “Product Manager – Machine Learning Platform” job paying typically "
            "USD 300,000 to 900,000 a year. A Malaysian outlet put the top of the range at "
            "“about MYR 4.3 million”; at the ECB reference rate of 26 July 2023 it is MYR 4.09 "
            "million."
        ),
        "quote": (
            "SAG-AFTRA said background actors often earn about USD 200 a day, and actor Rob "
            "Delaney said USD 900,000 “could qualify thirty-five actors and their families” for "
            "the union's health plan: about USD 26,000 a year is the earnings threshold for "
            "cover, not its cost."
        ),
        "fallback": (
            "USD 900,000 a year = MYR 4,094,556.47 a year (1 USD = 4.5495 MYR, ECB rate of "
            "2023-07-26): enough to meet the SAG-AFTRA Health Plan earnings threshold of 34 "
            "actors."
        ),
        "h_script": "The figures, live (one script tag)",
        "h_compare": "The job against a background actor's day rate",
        "h_iframe": "The same answer in an iframe",
        "iframe_title": "wagecalc: USD 900,000 a year as equivalents",
        "h_card": "The same answer as an image",
        "card_alt": (
            "USD 900,000 a year, 26 July 2023: enough to meet the SAG-AFTRA Health Plan earnings "
            "threshold of 34 actors (the earnings each needs to qualify, not the cost of cover); "
            "about 34.6 years of pay at a level 87% of SAG-AFTRA members do not reach; ECB "
            "exchange rates."
        ),
        "card_caption": "A static card for pages that run no script (SVG, 1200 × 630).",
        "a_label": "Netflix ML product manager",
        "b_label": "Background actor",
        "footer": "Figures from wagecalc; sources are linked in each answer.",
    },
    "zh-Hans": {
        "mast": "回环日报",
        "nav": "语言",
        "title": "好莱坞罢工之际，Netflix 以最高 90 万美元年薪招聘 AI 产品经理",
        "byline": "财经版 · 2023年7月26日 · 展示 wagecalc 嵌入方式的示例文章",
        "lead": (
            "当好莱坞编剧与演员为 AI 威胁和待遇问题罢工时，Netflix 开出“产品经理──机器学习平台”"
            "职缺，年薪通常为 30 万至 90 万美元。马来西亚媒体称最高年薪“约四百三十万令吉”；"
            "按欧洲央行 2023年7月26日的参考汇率计算，应为约 409 万令吉。"
        ),
        "quote": (
            "美国演员工会（SAG-AFTRA）指出，临时演员一天的收入通常只有约 200 美元。演员罗伯·德莱尼"
            "表示，90 万美元“足以帮助 35 名演员及其家人获得工会健康保险”：约 2.6 万美元是获得保险"
            "资格的年收入门槛，而不是保险费用。"
        ),
        "fallback": (
            "每年 90 万美元 = 每年 MYR 4,094,556.47（1 USD = 4.5495 MYR，欧洲央行 "
            "2023-07-26 汇率），足以让 34 名演员达到 SAG-AFTRA 健康计划收入门槛。"
        ),
        "h_script": "实时数据（一个 script 标签）",
        "h_compare": "这份工作与临时演员的日薪",
        "h_iframe": "同一答案，以 iframe 嵌入",
        "iframe_title": "wagecalc：每年 90 万美元相当于什么",
        "h_card": "同一答案，以图片嵌入",
        "card_alt": (
            "每年 90 万美元（2023年7月26日）：足以让 34 名演员达到 SAG-AFTRA 健康计划收入门槛"
            "（这是获得参保资格所需的收入，不是保险费用）；"
            "约相当于 34.6 年的收入（87% 的 SAG-AFTRA 会员都达不到这一收入水平）；欧洲央行汇率。"
        ),
        "card_caption": "供不运行脚本的页面使用的静态卡片（SVG，1200 × 630）。",
        "a_label": "Netflix 机器学习产品经理",
        "b_label": "临时演员",
        "footer": "数据来自 wagecalc；每个答案都附有来源链接。",
    },
}

#: The link to the other language: its name, in itself, and its tag.
_SWITCH = {"en": ("简体中文", "zh-Hans"), "zh-Hans": ("English", "en")}

LangParam = Annotated[
    str,
    QueryParameter(description="The article's language: en or zh-Hans.", max_length=16),
]


def _attrs(values: dict[str, str]) -> str:
    return "".join(f' {name}="{escape(value)}"' for name, value in values.items())


def render_demo(lang: str, origin: str) -> str:
    """The demo article in ``lang`` (one of DEMO_LANGUAGES); ``origin``, this service's, makes
    the share card's URL absolute (for ``og:image``)."""
    t = _TEXT[lang]
    query = urlencode({**STORY, "rules": _RULES, "locale": lang})
    social = social_tags(
        title=t["title"],
        description=t["lead"],
        image=f"{origin}/v1/cards/equivalents.png?{query}",
        image_alt=t["card_alt"],
    )
    other, other_lang = _SWITCH[lang]
    element = _attrs({**STORY, "rules": _RULES, "to": "MYR", "locale": lang})
    compare = _attrs(
        {
            "a": "900000 USD/year",
            "b": "200 USD/day",
            "currency": "MYR",
            "a-label": t["a_label"],
            "b-label": t["b_label"],
            "date": STORY["date"],
            "locale": lang,
        }
    )
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t["title"])}</title>
{social}<style>{_STYLE}</style>
<script type="module" src="/widget/v2/wagecalc.js" blocking="render"></script>
<script src="/widget/v2/host.js" async></script>
</head>
<body>
<header>
<p class="mast">{escape(t["mast"])}</p>
<nav aria-label="{escape(t["nav"])}">
<a href="/demo/{other_lang}" hreflang="{other_lang}" lang="{other_lang}">{escape(other)}</a>
</nav>
</header>
<main>
<article>
<div class="story">
<h1>{escape(t["title"])}</h1>
<p class="byline"><time datetime="2023-07-26">{escape(t["byline"])}</time></p>
<p>{escape(t["lead"])}</p>
<p>{escape(t["quote"])}</p>
<h2>{escape(t["h_script"])}</h2>
<wagecalc-equivalents{element}><p>{escape(t["fallback"])}</p></wagecalc-equivalents>
<h2>{escape(t["h_compare"])}</h2>
<wagecalc-compare{compare}></wagecalc-compare>
</div>
<div class="embeds">
<h2>{escape(t["h_iframe"])}</h2>
<iframe class="wagecalc" src="/embed/equivalents?{escape(query)}"
 title="{escape(t["iframe_title"])}" loading="lazy"></iframe>
<h2>{escape(t["h_card"])}</h2>
<figure>
<img class="card" src="/v1/cards/equivalents.svg?{escape(query)}" width="1200" height="630"
 alt="{escape(t["card_alt"])}">
<figcaption>{escape(t["card_caption"])}</figcaption>
</figure>
</div>
</article>
</main>
<footer><p>{escape(t["footer"])}</p></footer>
</body>
</html>
"""


def _page(lang: str, request: Request[Any, Any, Any]) -> Response[str]:
    if lang not in DEMO_LANGUAGES:
        raise InvalidRequestError(
            [
                InputError(
                    f"lang {lang[:40]!r} is not one of {', '.join(DEMO_LANGUAGES)}", field="lang"
                )
            ]
        )
    return Response(
        render_demo(lang, base_url(request)),
        media_type="text/html",
        headers={
            "Cache-Control": "public, max-age=3600",
            "Content-Language": lang,
            "Content-Security-Policy": _CSP,
        },
    )


@get("/demo", include_in_schema=False, sync_to_thread=False)
def demo(request: Request[Any, Any, Any], lang: LangParam = "en") -> Response[str]:
    return _page(lang, request)


@get("/demo/{lang:str}", include_in_schema=False, sync_to_thread=False)
def demo_in(request: Request[Any, Any, Any], lang: FromPath[str]) -> Response[str]:
    return _page(lang, request)
