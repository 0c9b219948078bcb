"""The preview converts again only the pages whose Markdown changed.

`mkdocs serve` rebuilds the whole site on every save, and converting the pages (Markdown, then the quiz plugin's
scenarios) is most of that time. While the preview runs, each page's final HTML, with what MkDocs learned while
converting it (its table of contents, title, anchors and the anchors it links to), is kept under a fingerprint of
everything the conversion reads: the page's Markdown as the other plugins will see it, the site's list of files,
and the configuration file. A page whose fingerprint is unchanged gets an empty body to convert, and its kept
HTML back afterwards. Entries are kept only from builds that logged no warning, so a page that warned is always
converted again and warns again. `mkdocs build` never uses any of this.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class _Converted:
    fingerprint: str
    content: str
    toc: Any
    title: str | None
    present_anchor_ids: set[str] | None
    # Keyed by the linked file's path: File objects are made anew by every build.
    links_to_anchors: dict[str, dict[str, str]] | None


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class PreviewPages:
    """One per preview process (`mkdocs serve` makes new plugins for every rebuild, so the plugin module holds it)."""

    _kept: dict[str, _Converted] = field(default_factory=dict)
    _pending: dict[str, _Converted] = field(default_factory=dict)
    _reused: dict[str, _Converted] = field(default_factory=dict)
    _site: str = ""
    _warnings: _WarningCounter = field(default_factory=_WarningCounter)
    # How many pages the last build converted and how many it took as kept (for tests and the bench).
    converted: int = 0
    reused: int = 0
    _building: bool = False

    def start_build(self, config: Any) -> None:
        self._building = True
        self._pending.clear()
        self._reused.clear()
        self._site = ""
        self._warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def markdown_to_convert(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        """The page's Markdown, or an empty body when its kept HTML still holds (given back by `content`)."""
        if not self._site:
            self._site = _site_fingerprint(config, files)
        # The front matter too: the quiz plugin reads its options from it, and MkDocs has stripped it from `markdown`.
        meta = json.dumps(page.meta, sort_keys=True, default=str)
        fingerprint = hashlib.sha256(f"{self._site}\0{page.file.src_uri}\0{meta}\0{markdown}".encode()).hexdigest()
        kept = self._kept.get(page.file.src_uri)
        if kept is not None and kept.fingerprint == fingerprint:
            self._reused[page.file.src_uri] = kept
            return ""
        self._pending[page.file.src_uri] = _Converted(fingerprint, "", None, None, None, None)
        return markdown

    def content(self, html: str, page: Any, files: Any) -> str:
        """The page's HTML: kept HTML for an unchanged page (with what MkDocs learned converting it), else `html`."""
        source = page.file.src_uri
        reused = self._reused.get(source)
        if reused is not None:
            page.toc = reused.toc
            page._title_from_render = reused.title
            page.present_anchor_ids = reused.present_anchor_ids
            if reused.links_to_anchors is not None:
                page.links_to_anchors = {
                    files.get_file_from_path(path): anchors
                    for path, anchors in reused.links_to_anchors.items()
                    if files.get_file_from_path(path) is not None
                }
            return reused.content
        pending = self._pending.get(source)
        if pending is not None:
            pending.content = html
            pending.toc = page.toc
            pending.title = getattr(page, "_title_from_render", None)
            pending.present_anchor_ids = page.present_anchor_ids
            links = getattr(page, "links_to_anchors", None)
            pending.links_to_anchors = (
                {linked.src_uri: anchors for linked, anchors in links.items()} if links is not None else None
            )
        return html

    def finish_build(self, *, succeeded: bool) -> None:
        # A strict build that warned ends twice: after `post_build`, then in `build_error` (MkDocs aborts late).
        if not self._building:
            return
        self._building = False
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        self.converted, self.reused = len(self._pending), len(self._reused)
        if succeeded and self._warnings.count == 0:
            self._kept.update(self._pending)
        self._pending.clear()
        self._reused.clear()


def _site_fingerprint(config: Any, files: Any) -> str:
    """What every page's conversion depends on besides its own Markdown: the files links resolve against, and the
    configuration (Markdown extensions, plugins, theme)."""
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda file: file.src_uri):
        digest.update(f"{file.src_uri}\0{file.dest_uri}\0".encode())
    config_file = config.config_file_path
    if config_file and Path(config_file).is_file():
        digest.update(f"{Path(config_file).resolve()}\0".encode())
        digest.update(Path(config_file).read_bytes())
    return digest.hexdigest()
