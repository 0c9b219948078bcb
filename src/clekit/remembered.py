"""Pure functions of one text, remembered by the text: the check, the render and the preview ask the same
questions of the same texts many times (a lesson is masked, scanned for markers and rendered by several rules).
`remembered_for_last` does the same for a function of one object that is not changed once made (a loaded course),
by the object's identity.

`forget_all` empties every such memory: the bench times each run from nothing remembered.
"""

from __future__ import annotations

import functools
import weakref
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


class _LastAnswer:
    """The answer for the last object asked about, held with a weak reference to that object."""

    def __init__(self, function: Callable[[Any], Any]):
        self._function = function
        self._last: tuple[weakref.ref[Any], Any] | None = None
        functools.update_wrapper(self, function)

    def __call__(self, subject: Any) -> Any:
        if self._last is not None and self._last[0]() is subject:
            return self._last[1]
        answer = self._function(subject)
        self._last = (weakref.ref(subject), answer)
        return answer

    def cache_clear(self) -> None:
        self._last = None


def remembered_for_last(function: Function) -> Function:
    memory = _LastAnswer(function)
    _MEMORIES.append(memory)
    return memory  # type: ignore[return-value]
