"""The course evaluation: the questions regulators commonly ask a provider to collect after a course.

One list of questions serves the evaluation page (a form kept only in the learner's browser and printed with the
completion record) and the accreditation packet (which reproduces the form for the regulator).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from clekit.load import Course

EVALUATION_PAGE = "evaluation.md"
RATINGS = ("1", "2", "3", "4", "5")
RATING_SCALE = "1 = strongly disagree, 5 = strongly agree"


@dataclass(frozen=True)
class EvaluationQuestion:
    key: str
    text: str
    kind: str  # "rating", "minutes" or "comments"


def evaluation_questions(course: Course) -> list[EvaluationQuestion]:
    modules = sorted(course.modules, key=lambda loaded: loaded.number)
    return [
        *(
            EvaluationQuestion(
                f"objectives-{loaded.id}",
                f"Module {loaded.number} ({loaded.module.title}) met its stated learning objectives.",
                "rating",
            )
            for loaded in modules
        ),
        EvaluationQuestion("materials", "The written materials were thorough, accurate and of high quality.", "rating"),
        EvaluationQuestion("faculty", "The faculty were qualified and presented the subject clearly.", "rating"),
        EvaluationQuestion("relevance", "The course is relevant to my practice.", "rating"),
        EvaluationQuestion("minutes", "About how many minutes did the course take you, in all?", "minutes"),
        EvaluationQuestion("comments", "Comments: what should the provider change, add or remove?", "comments"),
    ]


def render_evaluation_form(course: Course) -> str:
    """The form as HTML inside Markdown; learner.js keeps each answer in this browser as it is given."""
    lines = ['<form class="cle-evaluation" data-cle-evaluation>']
    for question in evaluation_questions(course):
        # Inside the form's HTML block Markdown is not read, so the text is escaped as HTML, not as Markdown.
        text = html.escape(question.text)
        field = f"cle-evaluation-{question.key}"
        if question.kind == "rating":
            choices = " ".join(
                f'<label><input type="radio" name="{question.key}" value="{rating}"> {rating}</label>'
                for rating in RATINGS
            )
            lines.append(f"<fieldset><legend>{text}</legend> {choices}</fieldset>")
        elif question.kind == "minutes":
            lines.append(
                f'<p><label for="{field}">{text}</label> '
                f'<input id="{field}" type="number" name="{question.key}" min="0" max="6000"></p>'
            )
        else:
            lines.append(f'<p><label for="{field}">{text}</label></p>')
            lines.append(f'<p><textarea id="{field}" name="{question.key}" rows="5"></textarea></p>')
    lines.append("</form>")
    return "\n".join(lines)


def render_evaluation_page(course: Course) -> str:
    return "\n".join(
        [
            "# Course evaluation",
            "",
            "Please tell the provider what you thought of the course. Your answers are kept only in this browser, "
            "as you give them; nothing is sent anywhere. They are printed with your "
            "[completion record](record.md), so that you can hand them to the provider with it.",
            "",
            f"Ratings: {RATING_SCALE}.",
            "",
            render_evaluation_form(course),
            "",
        ]
    )
