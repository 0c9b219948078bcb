"""Reading the built site back: the answer keys as the learner's browser receives them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class BuiltQuiz:
    question_id: str
    options: list[str] = field(default_factory=list)
    keyed: list[int] = field(default_factory=list)


class QuizReader(HTMLParser):
    """Collects each `div.quiz` with the id of the heading before it, its option labels and keyed inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.quizzes: list[BuiltQuiz] = []
        self._heading_id = ""
        self._label_depth = 0
        self._label_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "h2" and attributes.get("id"):
            self._heading_id = attributes["id"] or ""
        elif tag == "div" and "quiz" in classes:
            self.quizzes.append(BuiltQuiz(self._heading_id))
        elif tag == "input" and attributes.get("name") == "answer" and self.quizzes:
            quiz = self.quizzes[-1]
            if attributes.get("data-correct") == "true":
                quiz.keyed.append(int(attributes.get("value") or -1))
        elif tag == "label" and self.quizzes and (attributes.get("for") or "").startswith("quiz-"):
            self._label_depth += 1
            self._label_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1
            self.quizzes[-1].options.append(" ".join("".join(self._label_text).split()))

    def handle_data(self, data: str) -> None:
        if self._label_depth:
            self._label_text.append(data)


def read_quizzes(html: str) -> list[BuiltQuiz]:
    reader = QuizReader()
    reader.feed(html)
    return reader.quizzes
