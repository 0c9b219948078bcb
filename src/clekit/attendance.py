"""Attendance codes: how an on-demand course shows that the attorney read the lesson, not only clicked through.

New York, for one, asks a provider to verify completion of an on-demand course without relying solely on the
attorney's word, for example with codes shown at points through the program, at least one per 50 minutes, that the
attorney reports back. Each module's lesson shows `code_count` codes, one late in each stretch of its text. The
codes are derived from `release` in course.yml, so a new release changes them; the completion record checks what
the learner types against a digest of each code (never the code itself), and the accreditation packet lists them
for the provider.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from dataclasses import dataclass

from clekit.timing import count_words

MINUTES_PER_CODE = 50
# Letters and digits that cannot be mistaken for one another on screen or when read aloud (no 0/O, 1/I/L, 2/Z,
# 5/S, 6/G, 8/B).
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
# Each code stands this far into its stretch of the lesson: late, as the rules' own example puts it.
LATE_IN_STRETCH = 0.85
_SECTION_START = re.compile(r"^## ", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


@dataclass(frozen=True)
class AttendanceCode:
    module_id: str
    position: int  # 1-based
    of: int
    code: str

    @property
    def digest(self) -> str:
        """What the record page holds to check an entry: the code itself appears only in the lesson."""
        return code_digest(self.module_id, self.position, self.code)


def code_count(module_minutes: int) -> int:
    return max(1, math.ceil(module_minutes / MINUTES_PER_CODE))


def module_codes(release: str, module_id: str, module_minutes: int) -> list[AttendanceCode]:
    count = code_count(module_minutes)
    return [
        AttendanceCode(module_id, position, count, _derive(release, module_id, position))
        for position in range(1, count + 1)
    ]


def normalize_entry(text: str) -> str:
    """What the learner typed, as compared: case, spaces and hyphens do not matter."""
    return re.sub(r"[\s-]+", "", text).upper()


def code_digest(module_id: str, position: int, code: str) -> str:
    return hashlib.sha256(f"{module_id}:{position}:{normalize_entry(code)}".encode()).hexdigest()


def place_codes(lesson: str, codes: list[AttendanceCode], module_number: int) -> str:
    """The lesson with each code at the section break nearest to the point late in its stretch of the text.

    Codes go only between top-level sections (a `## ` heading outside code), so they never split a paragraph,
    list, table or admonition; the last code may go at the very end.
    """
    total = max(1, count_words(lesson))
    breaks = [0, *_section_starts(lesson), len(lesson)]
    share = _shares_at(lesson, breaks, total)
    placed: dict[int, list[AttendanceCode]] = {}
    earliest = 1
    for code in codes:
        target = (code.position - 1 + LATE_IN_STRETCH) / code.of
        stretch_end = code.position / code.of
        candidates = [offset for offset in breaks[earliest:] if share[offset] <= stretch_end or offset == len(lesson)]
        offset = min(candidates, key=lambda offset: abs(share[offset] - target))
        placed.setdefault(offset, []).append(code)
        earliest = breaks.index(offset) + (0 if offset == len(lesson) else 1)
    pieces, start = [], 0
    for offset in sorted(placed):
        pieces.append(lesson[start:offset].rstrip("\n"))
        pieces += [code_block(code, module_number) for code in placed[offset]]
        start = offset
    pieces.append(lesson[start:])
    return "\n\n".join(piece.strip("\n") for piece in pieces if piece.strip())


def _shares_at(lesson: str, breaks: list[int], total: int) -> dict[int, float]:
    """How far into the lesson each break is, as a share of its words: counted once per section, not once per code
    and candidate. Breaks are at line starts, so no word spans one; if a link or attribute list did (the counts of
    the sections then differ from the lesson's), each prefix is counted whole instead."""
    sections = [count_words(lesson[start:end]) for start, end in itertools.pairwise(breaks)]
    if sum(sections) != count_words(lesson):
        return {offset: count_words(lesson[:offset]) / total for offset in breaks}
    share, words = {}, 0
    for offset, section_words in zip(breaks, [*sections, 0], strict=True):
        share[offset] = words / total
        words += section_words
    return share


def code_block(code: AttendanceCode, module_number: int) -> str:
    """Plain text a screen reader reads, kept out of the search index so that nobody finds codes by searching."""
    return (
        f'<div class="cle-attendance" data-search-exclude data-cle-module="{code.module_id}" '
        f'data-cle-code="{code.position}">\n'
        f"<p><strong>Attendance code {code.position} of {code.of} for Module {module_number}:</strong> "
        f'<span class="cle-code">{code.code}</span></p>\n'
        "<p>Write it down: your completion record asks for each code, and a module counts as complete only "
        "when its codes are entered correctly.</p>\n"
        "</div>"
    )


def _section_starts(lesson: str) -> list[int]:
    fenced = _fenced_ranges(lesson)
    return [
        match.start()
        for match in _SECTION_START.finditer(lesson)
        if match.start() > 0 and not any(start <= match.start() < end for start, end in fenced)
    ]


def _fenced_ranges(lesson: str) -> list[tuple[int, int]]:
    marks = [match.start() for match in _FENCE.finditer(lesson)]
    return [(marks[index], marks[index + 1]) for index in range(0, len(marks) - 1, 2)]


def _derive(release: str, module_id: str, position: int) -> str:
    digest = hashlib.sha256(f"clekit-attendance\0{release}\0{module_id}\0{position}".encode()).digest()
    return "".join(CODE_ALPHABET[byte % len(CODE_ALPHABET)] for byte in digest[:CODE_LENGTH])
