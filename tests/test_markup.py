"""The one text path: the site's Markdown, the sanitizer's allowlist, plain text escaped, and bounded rendering."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from clekit.markup import (
    EXTENSION_CONFIGS,
    EXTENSIONS,
    escape_markdown,
    render_markdown,
    render_sanitized,
    sanitize_generated,
    sanitizer_changes,
)
from clekit.text_rules import (
    _ANY_QUIZ_SYNTAX,
    MAX_BLOCK_CHARS,
    _bracket_bound,
    _bracket_cost,
    _markup_bound,
    find_quiz_syntax,
    find_render_hazards,
    markup_characters,
    mask_code,
    may_render_unsafe,
)
from conftest import REPO

# MkDocs adds these to every site, whatever mkdocs.yml says.
MKDOCS_BUILTINS = {"toc", "tables", "fenced_code"}


def changes(text: str) -> list[str]:
    return [change.message for change in sanitizer_changes(render_markdown(text))]


def test_check_renders_with_the_sites_markdown_extensions_and_settings() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    site: dict[str, dict] = {}
    for entry in config["markdown_extensions"]:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        site[name] = settings or {}
    assert set(EXTENSIONS) == set(site) | MKDOCS_BUILTINS
    for name, settings in EXTENSION_CONFIGS.items():
        assert site[name] == settings


def test_what_markdown_writes_passes_untouched() -> None:
    text = (
        "## Heading\n\nA *b* **c** `d` [e](https://example.org/) [f](page.md#x) [g](mailto:a@b.org).\n\n"
        '| a | b |\n|--:|:--|\n| 1 | 2 |\n\n- one\n- two\n\n> quote\n\n!!! note "Note"\n    body\n\n'
        "Term\n:   definition\n\n*[CSAM]: child sexual abuse material\n\nCSAM {: .cls #anchor }\n\n![x](image.png)"
    )
    assert changes(text) == []


def test_the_sanitizer_reports_each_thing_it_would_remove() -> None:
    assert changes("<script>alert(1)</script>") == ["<script> is not allowed: write Markdown instead"]
    assert changes('[x](https://a.org/){: onclick="go()" }') == [
        "the attribute 'onclick' on <a> is not allowed: attribute lists may set only a class or an id"
    ]
    assert changes("[x](javascript:go())") == [
        "the address 'javascript:go()' of <a> is not allowed: use https://, mailto: or a page"
    ]
    assert changes("![x](https://evil.example/p.png)")[0].endswith("an image may only show a file of the course")
    assert changes("text <!-- hidden -->") == ["HTML comments and declarations are not allowed: delete them"]


def test_the_build_sanitizer_keeps_the_quiz_placeholders_and_generated_widgets_only() -> None:
    html = (
        '<!-- MKDOCS_QUIZ_PLACEHOLDER_0 --><!-- other --><p><span data-cle-cell="x">1</span>'
        '<input id="n" type="text" data-cle-name onfocus="go()"><script>go()</script></p>'
    )
    cleaned = sanitize_generated(html, keep=("<!-- MKDOCS_QUIZ_PLACEHOLDER_0 -->",))
    assert cleaned.startswith("<!-- MKDOCS_QUIZ_PLACEHOLDER_0 -->")
    assert "other" not in cleaned and "onfocus" not in cleaned and "script" not in cleaned
    assert 'data-cle-cell="x"' in cleaned and 'type="text"' in cleaned


def test_exported_html_is_sanitized() -> None:
    assert render_sanitized("Hi <img src=x onerror=go()>") == '<p>Hi <img src="x"></p>'


def test_a_plain_text_field_is_shown_as_written() -> None:
    for text in ['AT&T "quoted" <b>', "[x](javascript:go()) *y* `z` {: onclick=go() } | w", "1. Not a list"]:
        rendered = render_markdown(escape_markdown(text, line_start=True))
        assert "<a" not in rendered and "<em" not in rendered and "<code" not in rendered and "<ol" not in rendered


def test_render_hazards_are_found_before_rendering_in_linear_passes() -> None:
    assert find_render_hazards("word " * 700) == []
    assert "split it with a blank line" in find_render_hazards("w" * (MAX_BLOCK_CHARS + 1))[0].message
    assert "is never closed" in find_render_hazards("```\ncode\n")[0].message
    assert find_render_hazards("```\ncode\n```\n") == []
    assert "too many '['" in find_render_hazards("[@a, " * 790)[0].message
    assert "nested more than" in find_render_hazards("> " * 40 + "deep")[0].message
    assert "markup characters" in find_render_hazards("*_" * 6000)[0].message


def test_code_is_masked_by_fences_and_matching_backtick_runs() -> None:
    text = "a `b` c ``d`e`` f\n```\n[@x]\n```\n`unmatched [@y]"
    masked = mask_code(text)
    assert len(masked) == len(text)
    assert "[@x]" not in masked and "b" not in masked.split("c")[0] and "[@y]" in masked


MARKDOWN_WITHOUT_OPENERS = "abc XYZ019\n\n\t    .,;:!?'\"()-_*#+>|~`=/\\%$^@]})§"
MARKDOWN_FRAGMENTS = [
    "\n\n",
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "!!! note",
    "    ",
    "```",
    "~~~",
    "| a | b |\n|--|--|\n",
    "Term\n:   def",
    "**",
    "__",
    "`",
    "---",
    "  \n",
    ":::",
    "http://example.org/",
    "javascript:x()",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(MARKDOWN_FRAGMENTS), st.text(MARKDOWN_WITHOUT_OPENERS, max_size=12)), max_size=30
    )
)
def test_markdown_without_the_four_opening_characters_renders_only_allowed_html(pieces: list[str]) -> None:
    """The claim behind the check's shortcut (text_rules._MAY_RENDER_UNSAFE): without < [ { or &, nothing the
    sanitizer removes can come out of the renderer."""
    text = "".join(pieces)
    assert sanitizer_changes(render_markdown(text)) == []


BRACKET_FRAGMENTS = [
    *MARKDOWN_FRAGMENTS,
    "[",
    "]",
    "[e]",
    "[sic]",
    "[TOC]",
    "](",
    "]:",
    "*[",
    "![",
    "\\[",
    "[a]: javascript:x()",
    "[a]: http://example.org/",
    "(javascript:x())",
    "[Georgia](../../survey.md#georgia)",
    "[New Hampshire in the\nsurvey](../../survey.md#new-hampshire)",
    "[a\n# b](x.md)",
    "[a\n\n]",
    "(../../survey.md#x)",
    "(//evil.example/x)",
    "(x.md#a){: onclick=x }",
    "(javascript:x)",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(BRACKET_FRAGMENTS), st.text(MARKDOWN_WITHOUT_OPENERS + "[]", max_size=12)),
        max_size=30,
    )
)
def test_text_whose_brackets_only_mark_altered_quotations_needs_no_rendering(pieces: list[str]) -> None:
    """The claim behind setting inert brackets aside (text_rules._INERT_BRACKETS): whatever the check does not
    render renders to nothing the sanitizer removes, whatever links, definitions or images are near."""
    text = "".join(pieces)
    if not may_render_unsafe(text):
        assert sanitizer_changes(render_markdown(text)) == []


def test_brackets_in_a_quotation_need_no_rendering_but_links_and_definitions_do() -> None:
    assert not may_render_unsafe('"[e]xcept as authorized" and "[the defendant] knew" [@key, 3]')
    for text in (
        "[a](javascript:x())",
        "[a] [b]",
        "[a] (javascript:x())",
        "[a]\n\n[a]: javascript:x()",
        "![a](x.png)",
        "[TOC]",
        "*[A]: b",
    ):
        assert may_render_unsafe(text), text


def test_a_link_to_another_page_of_the_site_needs_no_rendering_but_other_links_do() -> None:
    assert not may_render_unsafe("See [Georgia in the survey](../../survey.md#georgia) [@key, 3].")
    # Link text wraps onto the paragraph's next line, as the lessons' long lines are wrapped.
    assert not may_render_unsafe("See [New Hampshire in the state-law\nsurvey](../../survey.md#new-hampshire).")
    for text in (
        "[a](/root/page.md)",
        "[a](//evil.example/x)",
        '[a](x.md "title")',
        "[a](javascript:x())",
        "[a](x.md){: onclick=x }",
        "[a](x&#58;y)",
        "![a](x.png)",
        "[a\n\n[b]: javascript:x()\n](x.md)",
    ):
        assert may_render_unsafe(text), text


QUIZ_FRAGMENTS = [
    "<quiz>",
    "</QUIZ>",
    "<?quiz?>",
    "[[",
    "- [x]",
    "* [ ]",
    "\n  -  [X]",
    "mkdocs-quiz",
    "MkDocs-Quiz",
    "mkdocs_quiz_placeholder",
    "__codeblock_",
    "[@key, 3]",
    "-",
    "*",
    "[",
    "]",
    "\t",
    " ",
    "\n",
    "_",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(QUIZ_FRAGMENTS), st.text("abc -*[]_<>?/\n\tXx", max_size=6)), max_size=12))
def test_the_quiz_syntax_screen_never_skips_a_text_the_full_scan_would_flag(pieces: list[str]) -> None:
    """find_quiz_syntax skips the scan for a text its substring tests rule out: the scan must find nothing there."""
    text = "".join(pieces)
    if _ANY_QUIZ_SYNTAX.search(text):
        assert list(find_quiz_syntax(text)), text


@settings(max_examples=500, deadline=None)
@given(st.text("ab *_`<>&[]()!{}|~\\-+#:1.)\n\t", max_size=80))
def test_the_cheap_bounds_are_never_below_the_counts_they_stand_in_for(text: str) -> None:
    """find_render_hazards counts markup and walks brackets only when a bound counted in C says the limit could be
    passed: each bound must be at least what it bounds."""
    assert _markup_bound(text) >= markup_characters(text)
    assert _bracket_bound(text, 0, len(text)) >= _bracket_cost(text, 0, len(text))
