"""The export dialog over the core's export: format, policy, split; a preview of what will be
left out and why before anything is written, and the manifest's summary after.

It exports the file as saved, checked exactly as ``curator-cli export`` checks it, so both
write the same files for the same options.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from curator.core.api import (
    TARGETS,
    Analysis,
    ExportOptions,
    OutputError,
    Prepared,
    Settings,
    guard_outputs,
    is_device,
    manifest_path,
    output_paths,
    targets_of,
)
from curator.gui.document import Document
from curator.gui.workers import Task, TaskSet, export_task

MAX_LISTED = 2000


class ExportDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.document = document
        self.task: Task | None = None
        self.tasks = TaskSet(self)  # a cancelled preview lives on until its thread ends
        self.manifest: dict[str, Any] | None = None
        self.prepared: Prepared | None = None
        self._controls(document)
        self.status = QLabel()
        self.status.setObjectName("export-status")
        self.status.setWordWrap(True)
        self.excluded = QListWidget()
        self.excluded.setObjectName("export-excluded")
        self.excluded.setAccessibleName("Left out, and why")
        self.excluded.setToolTip("Every line the export leaves out, with the reason")
        layout = QVBoxLayout(self)
        layout.addLayout(self._form())
        layout.addWidget(self.status)
        layout.addWidget(QLabel("Left out, and why:"))
        layout.addWidget(self.excluded, 1)
        layout.addLayout(self._buttons())
        self.resize(720, 560)
        for combo in (self.format, self.target):
            combo.currentIndexChanged.connect(lambda _: self.preview())
        for box in (self.drop_duplicates, self.drop_contaminated, self.keep_over_limit,
                    self.mask_pii):
            box.toggled.connect(lambda _: self.preview())
        for spin in (self.split, self.seed):
            spin.valueChanged.connect(lambda _: self.preview())

    def _controls(self, document: Document) -> None:
        self.format = QComboBox()
        for name in TARGETS:
            self.format.addItem(name, name)
        values = document.settings.values()
        self.drop_duplicates = QCheckBox("keep one example of each duplicate cluster")
        self.drop_duplicates.setChecked(bool(values.get("drop_duplicates")))
        self.drop_contaminated = QCheckBox("leave out examples that overlap the evaluation files")
        self.drop_contaminated.setObjectName("drop-contaminated")
        self.drop_contaminated.setChecked(bool(values.get("drop_contaminated")))
        self.drop_contaminated.setEnabled(bool(values.get("against")))
        self.drop_contaminated.setToolTip("the evaluation files are chosen in Preferences"
                                          if values.get("against") else
                                          "choose evaluation files in Preferences first")
        self.target = QComboBox()
        self.target.addItem("none", "")
        for name in targets_of(document.settings):
            self.target.addItem(name, name)
        chosen = document.settings.core.target
        if chosen is not None:
            self.target.setCurrentIndex(max(0, self.target.findData(chosen.name)))
        self.keep_over_limit = QCheckBox("keep examples over the model's token limit")
        self.keep_over_limit.setChecked(bool(values.get("keep_over_limit")))
        self.mask_pii = QCheckBox("replace personal data and secrets with placeholders "
                                  "([EMAIL_1], [PHONE_2], [SECRET_1]…)")
        self.mask_pii.setObjectName("export-mask-pii")
        self.mask_pii.setToolTip("Examples with secrets are then written, masked; without "
                                 "it they are left out")
        self.mask_pii.setChecked(bool(values.get("mask_pii")))
        self.split = QDoubleSpinBox()
        self.split.setRange(0, 1_000_000)
        self.split.setDecimals(2)
        self.split.setSpecialValueText("no split")
        self.split.setToolTip("validation share: a fraction such as 0.1, or a count such as 200")
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.output = QLineEdit()
        self.output.setObjectName("export-output")
        if document.path is not None:
            self.output.setText(str(document.path.with_name(
                document.path.stem + ".export.jsonl")))

    def _describe(self) -> None:
        for widget, name, tip in (
                (self.format, "Format", "The trainer format to write"),
                (self.drop_duplicates, "Keep one per duplicate cluster",
                 "Leave out all but one member of each exact or near-duplicate cluster"),
                (self.target, "Token limit of", "Leave out examples over this model's "
                                                "token limit (none: no limit)"),
                (self.keep_over_limit, "Keep over the limit",
                 "Keep examples over the model's limit instead of leaving them out"),
                (self.split, "Validation split", self.split.toolTip()),
                (self.seed, "Seed", "The seed of the split (the same seed, the same split)"),
                (self.output, "Write to", "The file to write (with a split: OUT.train.jsonl "
                                          "and OUT.validation.jsonl)")):
            widget.setAccessibleName(name)
            widget.setToolTip(tip)

    def _form(self) -> QFormLayout:
        self._describe()
        browse = QPushButton("Browse…")
        browse.setToolTip("Choose the file to write")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.output, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Duplicates", self.drop_duplicates)
        form.addRow("Contamination", self.drop_contaminated)
        form.addRow("Token limit of", self.target)
        form.addRow("", self.keep_over_limit)
        form.addRow("Personal data", self.mask_pii)
        form.addRow("Validation split", self.split)
        form.addRow("Seed", self.seed)
        form.addRow("Write to", row)
        return form

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.preview_button = QPushButton("Preview")
        self.preview_button.setToolTip("List what the export would leave out, writing nothing")
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton("Export")
        self.export_button.setObjectName("export-write")
        self.export_button.setToolTip("Write the export and its manifest")
        self.export_button.clicked.connect(self.write)
        close = QPushButton("Close")
        close.setToolTip("Close this window")
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        for button in (self.preview_button, self.export_button, close):
            buttons.addWidget(button)
        return buttons

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.output.text(),
                                              "JSON Lines (*.jsonl)")
        if name:
            self.output.setText(name)

    def options(self) -> ExportOptions:
        split = self.split.value() or None
        return ExportOptions(self.format.currentData(), split, self.seed.value())

    def settings(self) -> Settings:
        """The document's settings with this dialog's choices: what `curator-cli export`
        would use with the same options."""
        base = self.document.settings
        name = self.target.currentData()
        return base.replace(
            origin="the export dialog",
            target=targets_of(base)[name] if name else None,
            drop_duplicates=self.drop_duplicates.isChecked(),
            drop_contaminated=self.drop_contaminated.isChecked(),
            keep_over_limit=self.keep_over_limit.isChecked(),
            mask_pii=self.mask_pii.isChecked())

    def _ready(self) -> str | None:
        """The saved file to export, or None after saying what to do first."""
        path = self.document.path
        if path is None or self.document.modified:
            self.status.setText("Save your changes first (File › Save): the export is made "
                                "from the file as saved, so it matches what is on disk.")
            return None
        return str(path)

    def _start(self, out: Path | None) -> None:
        path = self._ready()
        if path is None:
            return
        options = self.options()
        if self.task is not None and self.task.isRunning():
            if self.task.objectName() == "write":
                return  # let the export finish
            self.task.cancel()  # settings changed: this preview is out of date
        self.status.setText("Checking the file…")
        task = export_task(path, self.settings(), options, out)
        task.setObjectName("write" if out is not None else "preview")
        self.task = task
        self.tasks.start(task, lambda result: self._done(result) if task is self.task else None,
                         lambda message: self.status.setText(f"Export failed: {message}"))

    def preview(self) -> None:
        """Show what the export would leave out, writing nothing."""
        self._start(None)

    def write(self) -> None:
        text = self.output.text().strip()
        if not text:
            self.status.setText("Choose where to write the export (Write to).")
            return
        out = Path(text)
        source = self.document.path
        split = bool(self.options().split)
        try:  # as curator-cli export: never the source, never a file that is not an output
            guard_outputs(None if split else out,
                          list(output_paths(out, split).values()) if split else [],
                          None if is_device(out) else manifest_path(out),
                          [("source", source)] if source is not None else [])
        except OutputError as exc:
            self.status.setText(f"Choose another file: {exc}")
            return
        self._start(out)

    def wait(self) -> None:
        """Wait for the running preview or export, and deliver its result."""
        self.tasks.wait()
        QCoreApplication.processEvents()

    def _done(self, result: object) -> None:
        if result is None:
            return
        if isinstance(result, dict):
            self.manifest = result
            counts = result["counts"]
            written = ", ".join(f"{n:,} {side}" for side, n in counts["written"].items())
            outputs = "; ".join(o["path"] for o in result["outputs"])
            notes = "".join(f" {n['summary'].capitalize()}." for n in result.get(
                "notes", {}).values() if n.get("summary"))
            self.status.setText(f"Wrote {written} examples ({outputs}); left out "
                                f"{counts['excluded']:,}.{notes} The manifest beside them "
                                "lists every left-out line and why.")
            self._list(result["excluded"])
            return
        assert isinstance(result, tuple)
        analysis, prepared = result
        assert isinstance(analysis, Analysis)
        self.prepared = prepared
        plan = prepared.plan
        reasons = Counter(reason.split(":")[0] for reason in plan.excluded.values())
        why = ", ".join(f"{n:,} {reason}" for reason, n in sorted(reasons.items()))
        self.status.setText(
            f"Will write {len(plan.train):,} train"
            + (f" and {len(plan.validation):,} validation" if plan.validation else "")
            + f" examples; will leave out {len(plan.excluded):,}" + (f" ({why})" if why else "")
            + ". Nothing is written until you press Export.")
        self._list([{"line": line, "reason": reason}
                    for line, reason in sorted(plan.excluded.items())])

    def _list(self, excluded: list[dict[str, Any]]) -> None:
        self.excluded.clear()
        for entry in excluded[:MAX_LISTED]:
            self.excluded.addItem(f"line {entry['line']}: {entry['reason']}")
        if len(excluded) > MAX_LISTED:
            self.excluded.addItem(f"… and {len(excluded) - MAX_LISTED:,} more (see the manifest)")
