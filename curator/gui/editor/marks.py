"""Findings shown where they are: which card and which field of it a finding points at.

A finding's path (``messages[2].content``, ``messages[1].weight``, ``messages[1]``) names a
part, a message of it and a field; :func:`group` sorts a row's findings into those places.
A field's marker (:class:`Marker`) is a severity icon with the finding's code beside the
field (shape and text, not colour alone); the card itself gets a bar in the worst severity's
colour down its left side, as an editor marks a line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from curator.core.api import SEVERITY_ORDER, Finding, Severity
from curator.gui.editor.sections import parse_path
from curator.gui.icons import severity_icon
from curator.gui.wording import for_app

if TYPE_CHECKING:
    from curator.gui.editor.growing_text import GrowingTextEdit

CARD = ""  # findings about the message as a whole (or a field the card does not show)
FIELDS = ("role", "weight", "content", "tool_calls")


@dataclass
class Place:
    """The findings of one message (one card), by field."""

    fields: dict[str, list[Finding]] = field(default_factory=dict)

    def add(self, name: str, finding: Finding) -> None:
        self.fields.setdefault(name if name in FIELDS else CARD, []).append(finding)

    @property
    def findings(self) -> list[Finding]:
        return [f for found in self.fields.values() for f in found]


def worst(findings: list[Finding]) -> Severity | None:
    return min((f.severity for f in findings), key=SEVERITY_ORDER.__getitem__, default=None)


def text_of(findings: list[Finding]) -> str:
    return "\n".join(f"{f.severity} {f.code}: {for_app(f.message)}" for f in findings)


def group(findings: list[Finding]) -> tuple[dict[tuple[str, int | None], Place], list[Finding]]:
    """The row's findings by (part, message index) and field; and those about the whole row
    (no path, or a path no card shows)."""
    places: dict[tuple[str, int | None], Place] = {}
    whole: list[Finding] = []
    for finding in findings:
        if not finding.path:
            whole.append(finding)
            continue
        key, index, name = parse_path(finding.path)
        if index is None and "[" not in finding.path and "." not in finding.path and (
                key not in ("prompt", "completion", "chosen", "rejected")):
            whole.append(finding)  # `messages` itself, or a top-level key like `source`
            continue
        places.setdefault((key, index), Place()).add(name, finding)
    return places, whole


class Marker(QWidget):
    """A severity icon and the code(s) beside a field; hidden while the field is fine."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.findings: list[Finding] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.icon = QLabel()
        self.label = QLabel()
        layout.addWidget(self.icon)
        layout.addWidget(self.label)
        self.setAccessibleName(f"Findings about the {what}")
        self.hide()

    def show_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        severity = worst(findings)
        if severity is None:
            self.hide()
            self.setToolTip("")
            return
        size = self.fontMetrics().height()
        self.icon.setPixmap(severity_icon(severity).pixmap(size, size))
        self.label.setText(f"{severity} {', '.join(dict.fromkeys(f.code for f in findings))}")
        self.setToolTip(text_of(findings))
        self.setAccessibleDescription(text_of(findings))
        self.show()


def mark_text(edit: GrowingTextEdit, findings: list[Finding],
              where: Callable[[Finding], tuple[int, int] | None] = lambda f: f.span) -> None:
    """Underline the spans of ``findings`` in a text field, and frame the field for those
    without one. ``where`` places a finding's span in the text the field shows (a card
    shows text parts joined and tool calls as indented JSON: :mod:`span_map`); a span it
    cannot place frames the field too."""
    spans: list[tuple[int, int, str]] = []
    whole: list[Finding] = []
    for finding in findings:
        at = where(finding) if finding.span is not None else None
        if at is None:
            whole.append(finding)
        else:
            spans.append((*at, f"{finding.severity} {finding.code}: {for_app(finding.message)}"))
    edit.set_marks(spans)
    severity = worst(whole)
    edit.set_field_mark((severity, text_of(whole)) if severity else None)
