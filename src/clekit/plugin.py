"""The MkDocs plugin: a thin adapter that loads, checks and renders the course, and adds the pages in memory.

All logic lives in `load`, `check` and `render`; this file only connects them to MkDocs' events, so the
course can move to another generator without touching them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from clekit import page_scripts
from clekit.annotate import CreditedPart, annotate_page
from clekit.checked import load_checked, store_is_trusted
from clekit.coursebook import preview_stand_in, print_coursebook
from clekit.learner import COURSEBOOK_FILE
from clekit.load import COURSE_FILE, GLOSSARY_FILE, MODULES_DIR, QUIZZES_DIR, REGISTRY_FILE, SURVEY_FILE, Course
from clekit.markup import SanitizeExtension
from clekit.placeholders import as_errors
from clekit.preview_pages import PreviewPages
from clekit.problems import errors_in, format_problems
from clekit.quiz_assets import QuizAsset, link_quiz_assets, quiz_assets
from clekit.render import (
    PREVIEW_MODULE_VARIABLE,
    Page,
    PreviewError,
    course_nav,
    credited_parts,
    fill_placeholders,
    preview_only,
    render_course,
)
from clekit.theme_css import trim_site_stylesheet


class _TemplatesInMemory(BytecodeCache):
    """Compiled theme templates, kept while the preview runs. MkDocs makes a new Jinja environment for every
    rebuild, and compiling Material's templates again costs about half a second of each; Jinja checks each
    template's source against its checksum, so an edited override is compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_PREVIEW_TEMPLATES = _TemplatesInMemory()
# mkdocs.yml's theme.favicon names this file; the plugin supplies it from the toolkit, shared with the SCORM pages.
FAVICON = "assets/favicon.svg"
FAVICON_SOURCE = Path(__file__).parent / "scorm" / "icon.svg"
PREVIEW_PAGES = PreviewPages()


class CoursePluginConfig(Config):
    root = config_options.Type(str, default=".")
    nav_section = config_options.Type(str, default="Modules")


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def __init__(self) -> None:
        self._pages: list[Page] = []
        self._root = Path()
        self._course: Course | None = None
        self._credited_parts: dict[str, CreditedPart] = {}
        self._command = ""
        self._writing_into: Path | None = None
        self._quiz_assets: list[QuizAsset] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    def on_pre_build(self, *, config: Any) -> None:
        # MkDocs empties site_dir right after this event: from here on, what is in it is this build's output.
        if self._command == "build":
            self._writing_into = Path(config.site_dir).resolve()
        if self._command == "serve":
            PREVIEW_PAGES.start_build(config)

    def on_post_build(self, *, config: Any) -> None:
        if self._command == "serve":
            PREVIEW_PAGES.finish_build(succeeded=True)
        else:
            # Not in the preview, where each save rebuilds: a published site sends the reader only usable rules.
            trim_site_stylesheet(Path(config.site_dir), config)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build (a strict-mode warning included) leaves no site behind, not one that looks complete."""
        if self._command == "serve":
            PREVIEW_PAGES.finish_build(succeeded=False)
        site = self._writing_into
        if site is not None and site.is_dir() and not self._root.is_relative_to(site):
            shutil.rmtree(site, ignore_errors=True)

    def on_config(self, config: Any) -> Any:
        self._root = (Path(config.config_file_path).parent / self.config.root).resolve()
        # An unchanged course's problems come from the last check's stored answer, except in CI (clekit.checked).
        course, problems = load_checked(self._root, trust_store=store_is_trusted())
        # A site that is built (not previewed) is one that could be published: no placeholder may remain in it.
        errors = errors_in(as_errors(problems) if self._command == "build" else problems)
        if errors:
            # Raised before any file is written, so a bad course never leaves a partial site behind.
            raise PluginError(f"the course has {len(errors)} problem(s); nothing was built:\n{format_problems(errors)}")
        try:
            self._course = preview_only(
                course, os.environ.get(PREVIEW_MODULE_VARIABLE) if self._command == "serve" else None
            )
        except PreviewError as error:
            raise PluginError(str(error)) from error
        self._pages = render_course(self._course)
        self._credited_parts = credited_parts(self._course)
        # Every Markdown conversion of the build (pages, and the quiz plugin's fragments, which use this same
        # list) ends in the sanitizer: what `check` would miss still cannot reach a reader.
        config.markdown_extensions.append(SanitizeExtension())
        if config.nav is not None:
            config.nav = _fill_nav_section(config.nav, self.config.nav_section, course_nav(self._course))
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        for page in self._pages:
            files.append(File.generated(config, page.path, content=page.markdown))
        self._quiz_assets = quiz_assets()
        for asset in self._quiz_assets:
            files.append(File.generated(config, asset.path, content=asset.content))
        # The site's favicon is the SCORM packages' icon: one 119-byte SVG instead of Material's 1.9 KiB PNG.
        files.append(File.generated(config, FAVICON, content=FAVICON_SOURCE.read_bytes()))
        assert self._course is not None
        if self._command == "serve":
            # The preview shows the pages as they are edited; printing the course book (seconds) waits for a build.
            files.append(File.generated(config, COURSEBOOK_FILE, content=preview_stand_in()))
            return files
        # The written materials as one PDF, linked from the learner's pages (see clekit.coursebook).
        try:
            pdf = print_coursebook(self._course, Path(config.docs_dir))
        except OSError as error:  # WeasyPrint loads Pango through ctypes: a missing library is an OSError
            raise PluginError(
                f"the course book PDF could not be printed ({error}); WeasyPrint needs Pango: on Debian or "
                "Ubuntu, apt-get install libpango-1.0-0 libpangoft2-1.0-0"
            ) from error
        files.append(File.generated(config, COURSEBOOK_FILE, content=pdf))
        return files

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        assert self._course is not None and self._course.settings is not None
        markdown = fill_placeholders(markdown, self._course)
        part = self._credited_parts.get(page.file.src_uri)
        markdown = annotate_page(markdown, self._course.settings, self._course.glossary, part)
        if self._command == "serve":
            # This plugin comes before the quiz plugin in mkdocs.yml: an unchanged page reaches it empty.
            return PREVIEW_PAGES.markdown_to_convert(markdown, page, config, files)
        return markdown

    @event_priority(-100)  # after the quiz plugin has put its scenarios into the page
    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        html = link_quiz_assets(html, self._quiz_assets, lambda path: get_relative_url(path, page.url))
        if self._command == "serve":
            html = PREVIEW_PAGES.content(html, page, files)
        page.meta[page_scripts.META_KEY] = page_scripts.needs_learner_script(html)
        return html

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        if self._command == "serve":
            env.bytecode_cache = _PREVIEW_TEMPLATES
        return env

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        for name in (MODULES_DIR, QUIZZES_DIR, REGISTRY_FILE, COURSE_FILE, GLOSSARY_FILE, SURVEY_FILE):
            # The survey is optional; MkDocs' server refuses to watch a path that does not exist.
            if (self._root / name).exists():
                server.watch(str(self._root / name))
        return server


def _fill_nav_section(nav: list[Any], section: str, entries: list[Any]) -> list[Any]:
    for position, item in enumerate(nav):
        if isinstance(item, dict) and list(item) == [section]:
            return [*nav[:position], {section: entries}, *nav[position + 1 :]]
    raise PluginError(f"mkdocs.yml: the nav needs an entry '- {section}: []' where the course modules go")
