"""docs/authoring.md catalogues every message the checks can print, so an author can look any of them up.

The messages are found in the source, not in a list kept by hand: every string handed to `Problem(...)`,
`.problem(...)`, `Finding(...)` or `_report(...)`, assigned to a name such as `message` or `advice`, or stored
in a `*_MEANINGS` table. The longest fixed piece of each (the words between the {placeholders}) must appear in
the guide. A new check therefore fails this test until its message is added to the catalogue.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from conftest import REPO

SOURCES = REPO / "src" / "clekit"
GUIDE = REPO / "docs" / "authoring.md"
# Which positional argument of each call is the message.
MESSAGE_ARGUMENT = {"Problem": 3, "problem": 1, "Finding": 1, "_report": 1, "Change": 0}
MESSAGE_NAMES = {"message", "advice", "hint", "suggestion"}
# Shorter fixed pieces (": ", "; did you mean ") say nothing an author could look up.
MIN_PIECE = 12


@dataclass(frozen=True)
class Message:
    where: str
    piece: str


def fixed_pieces(node: ast.AST) -> list[str]:
    """The literal text of a message expression: its strings and the fixed parts of its f-strings.

    Calls, subscripts, f-string holes and dictionary keys are not message text (`_suggest(key, ...)`,
    `item["msg"]`, `{key!r}`, `"string_type":`), so the walk does not enter them.
    """
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.Call | ast.Subscript | ast.FormattedValue):
        return []
    children = node.values if isinstance(node, ast.Dict) else list(ast.iter_child_nodes(node))
    return [piece for child in children if child is not None for piece in fixed_pieces(child)]


def message_expressions(tree: ast.Module) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = MESSAGE_ARGUMENT.get(name)
            if position is not None and len(node.args) > position:
                found.append(node.args[position])
            found += [keyword.value for keyword in node.keywords if keyword.arg == "message"]
        elif isinstance(node, ast.Assign):
            names = {target.id for target in node.targets if isinstance(target, ast.Name)}
            if names & MESSAGE_NAMES or any(name.endswith("_MEANINGS") for name in names):
                found.append(node.value)
    return found


def collect_messages() -> list[Message]:
    messages = []
    for path in sorted(SOURCES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for expression in message_expressions(tree):
            for piece in fixed_pieces(expression):
                piece = normalize(piece).strip(" :;,.")
                if len(piece) >= MIN_PIECE and not piece.startswith("^"):
                    messages.append(Message(f"{path.name}:{expression.lineno}", piece))
    return messages


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_message_the_checks_can_print_is_in_the_authoring_guide() -> None:
    guide = normalize(GUIDE.read_text(encoding="utf-8"))
    missing = [f"{message.where}: {message.piece!r}" for message in collect_messages() if message.piece not in guide]
    assert not missing, "add these messages to the catalogue in docs/authoring.md:\n" + "\n".join(missing)


def test_the_message_finder_finds_messages_in_every_module_that_reports_problems() -> None:
    # Guards the finder itself: if a refactor renamed `problem(...)`, the test above would pass vacuously.
    files = {message.where.split(":")[0] for message in collect_messages()}
    assert {"check.py", "load.py", "source.py", "text_rules.py", "validation.py"} <= files
