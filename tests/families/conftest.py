"""The app's fixtures, for tests of families that look at the app too."""

from tests.gui.conftest import answers, isolated_settings, window  # noqa: F401
