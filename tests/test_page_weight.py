"""What a page costs a reader: the learner's script only where it acts, and only the theme rules a page can use."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from clekit.page_scripts import needs_learner_script
from clekit.theme_css import _CLASS_ATTRIBUTE, class_names, trim_stylesheet, trimmed_name, used_names

THEME = (
    ":root{--md-icon--used:url('data:image/svg+xml;charset=utf-8,<svg/>');--md-icon--unused:url('data:a;b')}"
    ".md-header{color:red}.md-tag{color:blue}.md-tag--news{color:green}.md-tooltip--active{x:1}"
    ".md-typeset .admonition.note{background:var(--md-icon--used)}"
    "@media screen{.md-header{top:0}.md-banner{top:1px}}"
    "@font-face{font-family:x}@keyframes spin{to{opacity:0}}a:hover{color:red}"
)


def test_only_rules_that_can_match_are_kept() -> None:
    pages = ['<header class="md-header"></header><div class="md-typeset"><div class="admonition note"></div></div>']
    scripts = ['e.classList.add("md-tooltip--active");x=`md-tag--${name}`']
    trimmed = trim_stylesheet(THEME, used_names(pages, scripts))
    for kept in (
        ".md-header{color:red",
        ".md-tooltip--active",
        ".md-tag--news",
        ".admonition.note",
        "@font-face",
        "@keyframes spin",
        "a:hover",
        "@media screen{.md-header{top:0",
        "--md-icon--used",
    ):
        assert kept in trimmed, kept
    for dropped in (".md-banner", ".md-tag{", "--md-icon--unused"):
        assert dropped not in trimmed, dropped
    assert "data:image/svg+xml;charset=utf-8,<svg/>" in trimmed  # a ';' inside a value does not end it


def test_the_trimmed_file_is_named_by_its_content() -> None:
    assert trimmed_name("a{}") != trimmed_name("b{}")
    assert trimmed_name("a{}").startswith("main.") and trimmed_name("a{}").endswith(".min.css")


def test_the_learner_script_goes_only_where_it_acts() -> None:
    assert needs_learner_script('<div class="quiz" data-quiz-id="1">')
    assert needs_learner_script('<a data-cle-questions="3">')
    assert needs_learner_script("<table><tr><td>1</td></tr></table>")
    assert not needs_learner_script("<h1>Glossary</h1><dl><dt>Cache</dt></dl>")


def test_classes_inside_not_or_is_do_not_decide_and_selector_lists_split_only_at_their_own_commas() -> None:
    css = (
        ".md-typeset a:not(.md-button, .headerlink){text-decoration:underline}"
        ".gone, .md-typeset :is(.absent, p){color:red}"
        ".gone, .also-gone{color:blue}"
    )
    trimmed = trim_stylesheet(css, used_names(['<div class="md-typeset"><a href="x">x</a></div>'], []))
    assert ".md-typeset a:not(.md-button, .headerlink){text-decoration:underline" in trimmed
    assert trimmed.count("color:red") == 1 and ".md-typeset :is(.absent, p){color:red" in trimmed
    assert ".gone" not in trimmed and "color:blue" not in trimmed


def test_a_gated_family_goes_only_when_its_feature_is_off_and_no_page_has_it() -> None:
    css = ".md-source__fact{a:1}.md-version__list{b:2}.md-tabs{c:3}.md-tooltip{d:4}.md-tooltip2{e:5}"
    script = ["md-source__fact md-version__list md-tabs md-tooltip md-tooltip2"]
    config = {"theme": {"features": ["content.tooltips"]}, "repo_url": None, "extra": {}}
    trimmed = trim_stylesheet(css, used_names(["<p>x</p>"], script, config))
    assert ".md-source" not in trimmed and ".md-version" not in trimmed and ".md-tabs" not in trimmed
    assert ".md-tooltip{d:4" in trimmed and ".md-tooltip2{e:5" in trimmed  # not gated; feature on
    with_repo = trim_stylesheet(css, used_names(["<p>x</p>"], script, {**config, "repo_url": "https://example.org"}))
    assert ".md-source__fact" in with_repo
    in_markup = trim_stylesheet(css, used_names(['<nav class="md-tabs"></nav>'], script, config))
    assert ".md-tabs{c:3" in in_markup
    ungated = trim_stylesheet(css, used_names(["<p>x</p>"], script))  # without a config nothing is gated
    assert all(name in ungated for name in (".md-source__fact", ".md-version__list", ".md-tabs"))


CLASS_FRAGMENTS = ['class="a b"', "CLASS='c'", 'Class = "d"', "cLaSs", "=", '"', "'", "x", "_", "-", "é", "\n", "<p "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CLASS_FRAGMENTS), st.text("cClLaAsS= \"'x_-é\n", max_size=6)), max_size=16))
def test_the_class_scan_finds_what_a_word_boundary_scan_finds(pieces: list[str]) -> None:
    """theme_css scans for class attributes from a leading character class and checks the boundary behind: the
    same matches as the plain `\\bclass` pattern it replaced, in any case and after any character."""
    text = "".join(pieces)
    plain = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
    found = [(match.span(), match.groups()) for match in _CLASS_ATTRIBUTE.finditer(text)]
    assert found == [(match.span(), match.groups()) for match in plain.finditer(text)]
    assert class_names(text) == frozenset(
        name for match in plain.finditer(text) for name in (match.group(1) or match.group(2) or "").split()
    )
