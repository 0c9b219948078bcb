"""Whatever is on disk, checking the course ends in a report of problems or a valid course, never a traceback.

Property-based: hypothesis writes random YAML, random text and random bytes over each file of a course, and
mutates the real banks, and every result must be a list of well-placed problems. Hostile inputs (alias bombs, files
near the size limit) must stay bounded in time and memory. Limits are generous on purpose: these tests catch
blow-ups, not slowdowns, which `nox -s bench` measures.
"""

from __future__ import annotations

import contextlib
import random
import resource
import shutil
import string
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from clekit.check import load_and_check
from clekit.load import Course
from clekit.problems import Problem, errors_in
from clekit.render import render_course
from clekit.source import MAX_FILE_BYTES, load_yaml
from conftest import FIXTURE_COURSE, REPO

# Modest example counts keep `nox -s tests` fast; the database in .hypothesis/ replays any failure found before.
PROPERTY = settings(max_examples=100, deadline=None)
# Every authored file of the fixture course, by its role: each is fed the same hostile inputs.
FIXTURE_FILES = sorted(
    path.relative_to(FIXTURE_COURSE).as_posix()
    for path in FIXTURE_COURSE.rglob("*")
    if path.is_file() and path.suffix in {".yml", ".md"}
)
YAML_FIXTURE_FILES = [name for name in FIXTURE_FILES if name.endswith(".yml")]
REAL_BANKS = sorted(path.relative_to(REPO).as_posix() for path in (REPO / "quizzes").glob("*.yml"))
# Keys the models know, so that random documents also get past "unknown key" into deeper validation.
KNOWN_KEYS = [
    "id", "title", "summary", "category", "objectives", "statement", "lessons", "module", "questions", "scenario",
    "stem", "multiple", "options", "text", "correct", "feedback", "explanation", "authorities", "kind", "citation",
    "court", "jurisdiction", "year", "holding", "url", "verified", "address", "date",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(["sm-01", "x-citement-video", "[@x-citement-video, 78]", "<script>", "- [x] yes", "true"]),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=6)),
    max_leaves=30,
)


def assert_clean_report(course: Course, problems: list[Problem]) -> None:
    """Problems are placed in a course file at a 1-based line and column; a course without errors renders."""
    assert isinstance(course, Course)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path and not Path(problem.path).is_absolute(), problem
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message.strip(), problem
    if not errors_in(problems):
        render_course(course)


@contextlib.contextmanager
def replaced(path: Path, content: bytes) -> Iterator[None]:
    """Write `content` over `path` for the duration, then put the original back for the next example."""
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        yield
    finally:
        path.write_bytes(original)


@pytest.fixture(scope="module")
def fixture_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixture") / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    return root


@pytest.fixture(scope="module")
def real_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real") / "course"
    shutil.copytree(REPO / "modules", root / "modules")
    shutil.copytree(REPO / "quizzes", root / "quizzes")
    for path in REPO.glob("*.yml"):
        if path.name != "mkdocs.yml":
            shutil.copyfile(path, root / path.name)
    return root


def check_with(root: Path, name: str, content: bytes) -> list[Problem]:
    with replaced(root / name, content):
        course, problems = load_and_check(root)
    assert_clean_report(course, problems)
    return problems


@PROPERTY
@given(name=st.sampled_from(YAML_FIXTURE_FILES), document=documents)
def test_any_yaml_document_in_any_file_gives_a_report_not_a_crash(fixture_course: Path, name: str, document) -> None:
    check_with(fixture_course, name, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


@PROPERTY
@given(name=st.sampled_from(FIXTURE_FILES), text=st.text(max_size=400))
def test_any_text_in_any_file_gives_a_report_not_a_crash(fixture_course: Path, name: str, text: str) -> None:
    check_with(fixture_course, name, text.encode("utf-8"))


@PROPERTY
@given(name=st.sampled_from(FIXTURE_FILES), content=st.binary(max_size=400))
def test_any_bytes_in_any_file_give_a_report_not_a_crash(fixture_course: Path, name: str, content: bytes) -> None:
    check_with(fixture_course, name, content)


def all_paths(data: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value in a loaded document, the document itself excluded."""
    paths = []
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, child in children:
        paths.append((*prefix, key))
        paths += all_paths(child, (*prefix, key))
    return paths


def parent_of(data: object, path: tuple) -> object:
    for part in path[:-1]:
        data = data[part]  # type: ignore[index]
    return data


def delete_a_key(text: str, rng: random.Random) -> str:
    data = yaml.safe_load(text)
    mapping_paths = [path for path in all_paths(data) if isinstance(parent_of(data, path), dict)]
    path = rng.choice(mapping_paths)
    del parent_of(data, path)[path[-1]]  # type: ignore[attr-defined]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def change_a_type(text: str, rng: random.Random) -> str:
    data = yaml.safe_load(text)
    path = rng.choice(all_paths(data))
    replacement = rng.choice([None, True, 7, 2.5, "text", [], ["a", 1], {}, {"extra": 1}])
    parent_of(data, path)[path[-1]] = replacement  # type: ignore[index]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def duplicate_a_key(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    candidates = [index for index, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]
    index = rng.choice(candidates)
    return "".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


def insert_random_text(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    noise = "".join(rng.choice(string.printable + "ü€\u2028") for _ in range(rng.randint(1, 40)))
    index = rng.randint(0, len(lines))
    return "".join([*lines[:index], noise + "\n", *lines[index:]])


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randint(0, len(text))]


MUTATIONS = [delete_a_key, change_a_type, duplicate_a_key, insert_random_text, truncate]


@settings(max_examples=50, deadline=None)
@given(bank=st.sampled_from(REAL_BANKS), mutate=st.sampled_from(MUTATIONS), seed=st.integers(0, 2**32))
def test_a_mutated_real_bank_gives_a_report_not_a_crash(real_course: Path, bank: str, mutate, seed: int) -> None:
    original = (real_course / bank).read_text(encoding="utf-8")
    mutated = mutate(original, random.Random(seed))
    check_with(real_course, bank, mutated.encode("utf-8"))


def test_the_real_course_copy_is_clean_so_mutations_are_what_the_reports_are_about(real_course: Path) -> None:
    _, problems = load_and_check(real_course)
    assert errors_in(problems) == []


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_document_is_refused_quickly_in_little_memory(fixture_course: Path) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problems = check_with(fixture_course, "quizzes/01-sample.yml", billion_laughs().encode("utf-8"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 10
    assert peak < 50_000_000
    assert any("anchors and aliases are not allowed" in problem.message for problem in problems)


QUESTION = """\
  - id: q-{n}
    objectives: [sm-knowledge]
    scenario: >-
      A laptop holds {n} files in the browser cache folder, written between 21:04 and 23:40 on 2019-02-11,
      none of them in a user folder, and no cache-cleaning tool was run on the device afterwards.
    stem: What must the government prove about the defendant's knowledge?
    options:
      - text: That he knew the nature of the files and that minors were depicted.
        correct: true
        feedback: Right [@x-citement-video, 78].
      - text: Nothing; the offense is one of strict liability.
        feedback: Wrong; scienter applies to age [@x-citement-video].
      - text: Only that the files were on his laptop.
        feedback: Presence alone is not knowledge [@x-citement-video].
    explanation: Knowledge reaches age and nature [@x-citement-video, 78].
    authorities: [x-citement-video]
"""


def bank_with(count: int) -> str:
    """A bank of the fixture module: one realistic question repeated `count` times under fresh ids."""
    return "module: sample\nquestions:\n" + "".join(QUESTION.format(n=number) for number in range(count))


def test_a_bank_whose_question_has_no_key_is_reported_not_crashed(fixture_course: Path) -> None:
    # Regression: the key-balance rule indexed the first key of every question, and a keyless one has none.
    bank = bank_with(10).replace("        correct: true\n", "", 1)
    problems = check_with(fixture_course, "quizzes/01-sample.yml", bank.encode("utf-8"))
    assert any("needs exactly one correct option (has 0)" in problem.message for problem in problems)


def test_a_bank_just_under_the_size_limit_loads_in_bounded_time_and_memory(fixture_course: Path) -> None:
    content = bank_with((MAX_FILE_BYTES - 100_000) // len(QUESTION)).encode("utf-8")
    assert 1_800_000 < len(content) < MAX_FILE_BYTES
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    check_with(fixture_course, "quizzes/01-sample.yml", content)
    assert time.perf_counter() - started < 60
    # ru_maxrss is in kilobytes on Linux: the high-water mark may rise by at most 1 GB for a 2 MB file.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 1_000_000


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"a: " + b"x" * (MAX_FILE_BYTES - 10) + b"\n", id="one-huge-scalar"),
        pytest.param(b"a: [" + b"a-long-list-item, " * (MAX_FILE_BYTES // 18 - 10) + b"x]\n", id="one-huge-list"),
        pytest.param(b"- " * 40_000 + b"x\n", id="deep-block-nesting"),
        pytest.param(b"{" * 100_000 + b"}" * 100_000, id="deep-flow-nesting"),
    ],
)
def test_pathological_yaml_near_the_size_limit_is_reported_in_bounded_time(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "file.yml"
    path.write_bytes(content)
    started = time.perf_counter()
    document, problems = load_yaml(path, "file.yml")
    assert time.perf_counter() - started < 30
    assert document is not None or problems


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_a_binary_file_is_reported_wherever_it_is(fixture_course: Path, name: str) -> None:
    problems = check_with(fixture_course, name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert [(problem.path, problem.line, problem.column) for problem in problems if "binary" in problem.message] == [
        (name, 1, 1)
    ]


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_a_non_utf8_file_is_reported_at_the_bad_byte(fixture_course: Path, name: str) -> None:
    original = (fixture_course / name).read_bytes()
    latin1 = original.replace(b"\n", "\nCaf\u00e9 au lait\n".encode("latin-1"), 1)
    problems = check_with(fixture_course, name, latin1)
    assert [(problem.path, problem.line, problem.column) for problem in problems if "UTF-8" in problem.message] == [
        (name, 2, 4)
    ]


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_crlf_line_endings_and_a_byte_order_mark_load_like_the_original(fixture_course: Path, name: str) -> None:
    _, expected = load_and_check(fixture_course)
    original = (fixture_course / name).read_bytes()
    windows = b"\xef\xbb\xbf" + original.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    assert check_with(fixture_course, name, windows) == expected


def test_options_or_objectives_that_are_not_lists_are_reported_not_crashed(course: Path) -> None:
    bank = course / "quizzes" / "01-sample.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("    options:\n", "    options: 3\n    extra:\n", 1))
    module = course / "modules" / "01-sample" / "module.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("objectives:\n", "objectives: 7\nold:\n", 1))
    _, problems = load_and_check(course)
    assert problems and all(problem.line >= 1 for problem in problems)
