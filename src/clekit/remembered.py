"""Pure functions of one text, remembered by the text: the check, the render and the preview ask the same
questions of the same texts many times (a lesson is masked, scanned for markers and rendered by several rules).

`forget_all` empties every such memory: the bench times each run from nothing remembered.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

Function = TypeVar("Function", bound=Callable[..., Any])
_MEMORIES: list[Any] = []
# Enough for every text of a course ten times the size of this one; a larger one simply forgets the oldest.
SIZE = 1 << 17


def remembered(function: Function) -> Function:
    memory = functools.lru_cache(maxsize=SIZE)(function)
    _MEMORIES.append(memory)
    return memory  # type: ignore[return-value]


def forget_all() -> None:
    for memory in _MEMORIES:
        memory.cache_clear()
