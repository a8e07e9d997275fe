"""Colours made from the palette, so every view reads in light, dark and high-contrast themes.

Nothing in the app names a light colour for its own sake: a colour is a hue (a role's tint, a
severity) laid over the palette's own base and text colours, and made readable against them
(WCAG contrast: 4.5 for text, 3 for marks and icons). Under the platform's high-contrast
preference the tints give way to the palette's own colours.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from curator.core.api import Severity

Role = QPalette.ColorRole
TEXT_CONTRAST = 4.5  # WCAG AA for text
MARK_CONTRAST = 3.0  # WCAG AA for marks, icons and frames

SEVERITY_HUES = {Severity.ERROR: "#d32f2f", Severity.WARNING: "#f9a825",
                 Severity.INFO: "#1976d2", None: "#43a047"}
ROLE_HUES = {"system": "#78909c", "developer": "#78909c", "user": "#1e88e5",
             "assistant": "#43a047", "tool": "#ffb300", "function": "#ffb300"}
JSON_HUES = {"key": "#8e24aa", "string": "#2e7d32", "number": "#1565c0", "literal": "#ef6c00"}
DIFF_HUES = {"removed": "#e53935", "added": "#43a047"}


def palette() -> QPalette:
    """The application's palette (what every widget inherits unless told otherwise)."""
    return QGuiApplication.palette()


def luminance(colour: QColor) -> float:
    """WCAG relative luminance (0 black, 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark(colours: QPalette | None = None) -> bool:
    """Whether the palette draws light text on dark ground."""
    colours = colours or palette()
    return luminance(colours.color(Role.Base)) < luminance(colours.color(Role.Text))


def high_contrast() -> bool:
    """Whether the platform asks for high contrast (Qt reads the desktop's setting)."""
    hints = QGuiApplication.styleHints()
    return bool(hints.accessibility().contrastPreference() ==
                Qt.ContrastPreference.HighContrast)


def mix(a: QColor, b: QColor, share: float) -> QColor:
    """``a`` with ``share`` of ``b`` laid over it."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * share,
                           a.greenF() + (b.greenF() - a.greenF()) * share,
                           a.blueF() + (b.blueF() - a.blueF()) * share)


def readable(colour: QColor, ground: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """``colour`` made lighter or darker, keeping its hue, until it reads on ``ground``."""
    towards = QColor("white") if luminance(ground) < 0.18 else QColor("black")
    out = QColor(colour)
    for step in range(21):
        out = mix(colour, towards, step / 20)
        if contrast(out, ground) >= minimum:
            return out
    return towards


def severity_colour(severity: Severity | None, colours: QPalette | None = None) -> QColor:
    """The colour of a severity's marks and icons, distinct from the base it is drawn on."""
    colours = colours or palette()
    base = colours.color(Role.Base)
    if high_contrast():
        return colours.color(Role.Text)
    return readable(QColor(SEVERITY_HUES[severity]), base, MARK_CONTRAST)


def error_text(colours: QPalette | None = None) -> QColor:
    """Text that says something is wrong (an invalid line, a JSON error)."""
    colours = colours or palette()
    if high_contrast():
        return colours.color(Role.Text)
    return readable(QColor(SEVERITY_HUES[Severity.ERROR]), colours.color(Role.Window))


def tint(hue: str, colours: QPalette | None = None, share: float | None = None) -> QColor:
    """A background: the palette's base with a little of ``hue`` (text on it stays readable)."""
    colours = colours or palette()
    base = colours.color(Role.Base)
    if high_contrast():
        return base
    text = colours.color(Role.Text)
    share = share if share is not None else (0.22 if is_dark(colours) else 0.12)
    out = mix(base, QColor(hue), share)
    while share > 0.01 and contrast(text, out) < TEXT_CONTRAST:  # a palette with pale text
        share /= 2
        out = mix(base, QColor(hue), share)
    return out


def role_background(role: str, colours: QPalette | None = None) -> QColor:
    """The background of a message card of ``role``."""
    return tint(ROLE_HUES.get(role, "#9e9e9e"), colours)


def frame_colour(colours: QPalette | None = None) -> QColor:
    """A card's border: visible on the base without shouting."""
    colours = colours or palette()
    return readable(mix(colours.color(Role.Base), colours.color(Role.Text), 0.3),
                    colours.color(Role.Base), 1.6)


def json_colours(colours: QPalette | None = None) -> dict[str, QColor]:
    """The raw JSON highlighter's colours, each readable on the editor's base."""
    colours = colours or palette()
    base = colours.color(Role.Base)
    if high_contrast():
        return {name: colours.color(Role.Text) for name in JSON_HUES}
    return {name: readable(QColor(hue), base) for name, hue in JSON_HUES.items()}


def diff_backgrounds(colours: QPalette | None = None) -> dict[str, QColor]:
    """Backgrounds of the words only one side of a duplicate pair has."""
    colours = colours or palette()
    share = 0.45 if is_dark(colours) else 0.3
    if high_contrast():
        return {name: colours.color(Role.Highlight) for name in DIFF_HUES}
    return {name: tint(hue, colours, share) for name, hue in DIFF_HUES.items()}


def css(colour: QColor) -> str:
    """A colour as style sheets and HTML write it."""
    return colour.name(QColor.NameFormat.HexRgb)


@contextmanager
def applied(colours: QPalette) -> Iterator[None]:
    """Use ``colours`` as the application's palette for a while (tests, screenshots)."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    before = QGuiApplication.palette()
    QGuiApplication.setPalette(colours)
    try:
        yield
    finally:
        QGuiApplication.setPalette(before)


def dark_palette() -> QPalette:
    """A dark palette like the desktops' dark themes (for tests and screenshots)."""
    colours = QPalette()
    for role, value in ((Role.Window, "#2b2b2b"), (Role.WindowText, "#e6e6e6"),
                        (Role.Base, "#1e1e1e"), (Role.AlternateBase, "#262626"),
                        (Role.ToolTipBase, "#3a3a3a"), (Role.ToolTipText, "#f0f0f0"),
                        (Role.PlaceholderText, "#8c8c8c"), (Role.Text, "#e6e6e6"),
                        (Role.Button, "#353535"), (Role.ButtonText, "#e6e6e6"),
                        (Role.BrightText, "#ff5252"), (Role.Link, "#6cb6ff"),
                        (Role.Highlight, "#2f6fb3"), (Role.HighlightedText, "#ffffff"),
                        (Role.Light, "#4a4a4a"), (Role.Midlight, "#3c3c3c"),
                        (Role.Mid, "#2f2f2f"), (Role.Dark, "#1a1a1a"),
                        (Role.Shadow, "#000000")):
        colours.setColor(role, QColor(value))
    for role, value in ((Role.WindowText, "#7a7a7a"), (Role.Text, "#7a7a7a"),
                        (Role.ButtonText, "#7a7a7a")):
        colours.setColor(QPalette.ColorGroup.Disabled, role, QColor(value))
    return colours
