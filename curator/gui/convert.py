"""Opening a file in another format: a table (CSV, TSV, XLSX), ShareGPT or Alpaca.

Read as JSONL, such a file is one error per line. The app says what format it is and offers
to convert it to OpenAI chat examples (as ``curator-cli convert`` does); the result opens as
a new, unsaved file, so the original is never touched. A table needs its question and
answer columns: the dialog guesses them from their names.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from curator.core.api import (
    TABLES,
    Converted,
    Dataset,
    FormatError,
    Row,
    read_jsonl,
    read_table,
)

NAMES = {"question": ("question", "prompt", "input", "instruction", "query", "q", "user"),
         "answer": ("answer", "response", "output", "completion", "reply", "a", "assistant"),
         "system": ("system", "system prompt", "system_prompt", "persona")}


def table_columns(path: Path, fmt: str) -> list[str]:
    """The header of a table (raises FormatError when it cannot be read)."""
    import pandas as pd

    try:
        frame = (pd.read_excel(path, nrows=0, engine="openpyxl") if fmt == "xlsx" else
                 pd.read_csv(path, nrows=0, sep="\t" if fmt == "tsv" else ","))
    except Exception as exc:  # pandas and openpyxl raise many kinds for a damaged file
        raise FormatError(f"{path}: cannot read as {fmt} ({exc})") from exc
    return [str(c) for c in frame.columns]


def guess(columns: list[str], role: str, taken: tuple[str, ...] = ()) -> str | None:
    """The column whose name says it holds ``role`` (question, answer, system)."""
    folded = {c.casefold().strip(): c for c in columns if c not in taken}
    return next((folded[name] for name in NAMES[role] if name in folded), None)


class ColumnsDialog(QDialog):
    """Which columns hold the question, the answer and (optionally) a system prompt."""

    def __init__(self, path: Path, columns: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Convert a table")
        self.setAccessibleName("Convert a table")
        form = QFormLayout(self)
        note = QLabel(f"{path.name} is a table. Each row becomes a conversation: a user "
                      "message from one column and the assistant's reply from another.")
        note.setWordWrap(True)
        form.addRow(note)
        self.boxes: dict[str, QComboBox] = {}
        question = guess(columns, "question")
        answer = guess(columns, "answer", (question or "",))
        system = guess(columns, "system", (question or "", answer or ""))
        for role, chosen, optional in (("question", question, False),
                                       ("answer", answer, False), ("system", system, True)):
            box = QComboBox()
            if optional:
                box.addItem("(none)", "")
            for column in columns:
                box.addItem(column, column)
            box.setCurrentIndex(max(0, box.findData(chosen or (
                "" if optional else columns[min(len(columns) - 1, int(role == "answer"))]))))
            box.setAccessibleName(f"The {role} column")
            box.setToolTip(f"The column that holds the {role}"
                           + (" (a system prompt for every row; optional)" if optional else ""))
            form.addRow(f"{role.capitalize()} column", box)
            self.boxes[role] = box
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> tuple[str, str, str | None]:
        return (self.boxes["question"].currentData(), self.boxes["answer"].currentData(),
                self.boxes["system"].currentData() or None)


def convert(path: Path, fmt: str, columns: tuple[str, str, str | None] | None = None
            ) -> tuple[Dataset, list[Converted]]:
    """The converted examples as a new, unsaved dataset, and the lines left out (with why).
    Raises FormatError when the file cannot be read as ``fmt``."""
    if fmt in TABLES:
        assert columns is not None
        rows = list(read_table(path, fmt, *columns))
    else:
        rows = list(read_jsonl(path, fmt))
    good = [Row.from_value(r.value) for r in rows if r.value is not None]
    return Dataset(good, None), [r for r in rows if r.value is None]
