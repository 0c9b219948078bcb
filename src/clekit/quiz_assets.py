"""mkdocs-quiz's stylesheet and script as files of the site, not inlined into every scenarios page.

mkdocs-quiz appends its whole stylesheet and script to each page that has a quiz (about 12 KiB compressed), so a
learner downloads them again with every module's scenarios. Here they become two files named by their content,
which a browser fetches once and keeps, and each page links to them. The plugin's own inline blocks are taken from
the installed mkdocs-quiz, so a new version is picked up as it is; if it stops exposing them, pages keep them inline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

_STYLE_OPEN, _STYLE_CLOSE = '<style type="text/css">', "</style>"
_SCRIPT_OPEN, _SCRIPT_CLOSE = '<script type="text/javascript" defer>', "</script>"


@dataclass(frozen=True)
class QuizAsset:
    inline: str  # the exact block mkdocs-quiz appends to a page
    path: str  # the file under the site root that replaces it
    content: str
    kind: str  # "style" or "script"


def quiz_assets() -> list[QuizAsset]:
    try:
        from mkdocs_quiz import plugin as quiz_plugin
    except ImportError:
        return []
    assets = []
    for inline, opening, closing, kind, suffix in (
        (getattr(quiz_plugin, "style", ""), _STYLE_OPEN, _STYLE_CLOSE, "style", "css"),
        (getattr(quiz_plugin, "js_script", ""), _SCRIPT_OPEN, _SCRIPT_CLOSE, "script", "js"),
    ):
        if not (isinstance(inline, str) and inline.startswith(opening) and inline.endswith(closing)):
            continue
        content = inline[len(opening) : -len(closing)]
        digest = hashlib.sha256(content.encode()).hexdigest()[:12]
        assets.append(QuizAsset(inline, f"assets/mkdocs-quiz-{digest}.{suffix}", content, kind))
    return assets


def link_quiz_assets(html: str, assets: list[QuizAsset], relative: Callable[[str], str]) -> str:
    """The page's HTML with each inline block replaced by a reference to its file (`relative` makes the address)."""
    for asset in assets:
        if asset.inline not in html:
            continue
        address = relative(asset.path)
        tag = (
            f'<link rel="stylesheet" href="{address}">'
            if asset.kind == "style"
            # Deferred as the inline block said (which browsers ignore inline): it runs after the page is parsed,
            # in document order, before DOMContentLoaded, so its own start-up code runs as before.
            else f'<script src="{address}" defer></script>'
        )
        html = html.replace(asset.inline, tag)
    return html
