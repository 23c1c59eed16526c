"""Which of the supported locales answers a request.

A caller names a locale (``zh-Hans``, ``zh_TW``, ``ms-MY``) or sends an
``Accept-Language`` header; both are matched by language and script (CLDR's
likely subtags fill in the script: ``zh-TW`` is Traditional, ``zh`` and
``zh-SG`` Simplified) to the nearest supported locale, and the answer says
which one was used.
"""

from __future__ import annotations

import functools
import re

from babel.core import get_global, parse_locale

from wagecalc.errors import InvalidLocaleError

__all__ = ["DEFAULT_LOCALE", "SUPPORTED_LOCALES", "negotiate_locale", "parse_accept_language"]

SUPPORTED_LOCALES = ("en", "zh_Hans", "zh_Hant", "ms")
DEFAULT_LOCALE = "en"

_TAG_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}", re.ASCII)
_MAX_HEADER = 512
_MAX_RANGES = 20


def parse_accept_language(header: str) -> list[str]:
    """Language ranges by descending quality; malformed parts are skipped, ``*`` ignored.

    >>> parse_accept_language("ms-MY, zh-TW;q=0.8, en;q=0.5")
    ['ms-MY', 'zh-TW', 'en']
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:_MAX_HEADER].split(",")[:_MAX_RANGES]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not _TAG_RE.fullmatch(tag):
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])  # a header weight, never money
            except ValueError:
                continue
        if 0 < quality <= 1:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


@functools.lru_cache(maxsize=256)
def _match(tag: str) -> str | None:
    # Read the tag's own parts: Locale.parse rewrites combinations CLDR has no data
    # for (zh-Hant-CN), and an explicit script must win over the region's likely one.
    try:
        language, territory, script, *_ = parse_locale(tag.replace("-", "_"))
    except ValueError:
        return None
    language = language.lower()
    if script is not None:
        script = script.title()
    if script is None:
        likely = get_global("likely_subtags")
        full = likely.get(f"{language}_{territory}") if territory else None
        full = full or likely.get(language)
        if full:
            parts = full.split("_")
            script = parts[1] if len(parts) > 2 else None  # language_Script_TERRITORY
    candidates = [f"{language}_{script}" if script else "", language]
    return next((c for c in candidates if c in SUPPORTED_LOCALES), None)


def negotiate_locale(requested: str | None = None, accept_language: str | None = None) -> str:
    """The supported locale for an explicit request, else the header, else English.

    An explicit ``locale`` that is malformed is an error; one that is well
    formed but unsupported falls through to the header and the default, as
    content negotiation does.

    >>> negotiate_locale("zh-TW"), negotiate_locale(None, "fr, ms;q=0.9"), negotiate_locale("de")
    ('zh_Hant', 'ms', 'en')
    """
    if requested is not None:
        if not _TAG_RE.fullmatch(requested):
            shown = requested if len(requested) <= 20 else requested[:20] + "…"
            raise InvalidLocaleError(
                f"locale {shown!r} is not a locale identifier such as en, zh-Hans or ms-MY",
                field="locale",
            )
        if (found := _match(requested)) is not None:
            return found
    for tag in parse_accept_language(accept_language) if accept_language else ():
        if (found := _match(tag)) is not None:
            return found
    return DEFAULT_LOCALE
