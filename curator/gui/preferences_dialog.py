"""The preferences dialog: target model, near-duplicate threshold, expected languages."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from curator.core.model.targets import load_targets
from curator.gui.settings import Preferences


class PreferencesDialog(QDialog):
    def __init__(self, current: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        form = QFormLayout(self)
        self.target = QComboBox()
        self.target.addItem("none (no token-limit check)", "")
        for name, target in load_targets().items():
            self.target.addItem(f"{name} ({target.token_limit:,} tokens)", name)
        self.target.setCurrentIndex(max(0, self.target.findData(current.target)))
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.3, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(current.near_threshold)
        self.languages = QLineEdit(",".join(current.languages))
        self.languages.setPlaceholderText("empty: the file's majority language; or en,de")
        form.addRow("Target model", self.target)
        form.addRow("Near-duplicate threshold (Jaccard)", self.threshold)
        form.addRow("Expected languages", self.languages)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def preferences(self) -> Preferences:
        languages = tuple(x.strip().lower() for x in self.languages.text().split(",")
                          if x.strip())
        return Preferences(self.target.currentData() or "", round(self.threshold.value(), 2),
                           languages)
