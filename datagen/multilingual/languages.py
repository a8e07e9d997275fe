"""The languages known here: their locale directories, scripts and characters per token."""

from __future__ import annotations

import re

# ISO 639-1 code -> (locale directories, expected script)
LANGUAGES: dict[str, tuple[tuple[str, ...], str]] = {
    "en": ((), "Latin"),
    "de": (("de",), "Latin"),
    "fr": (("fr",), "Latin"),
    "es": (("es",), "Latin"),
    "it": (("it",), "Latin"),
    "pt": (("pt", "pt_BR"), "Latin"),
    "nl": (("nl",), "Latin"),
    "pl": (("pl",), "Latin"),
    "sv": (("sv",), "Latin"),
    "cs": (("cs",), "Latin"),
    "tr": (("tr",), "Latin"),
    "da": (("da",), "Latin"),
    "fi": (("fi",), "Latin"),
    "hu": (("hu",), "Latin"),
    "ro": (("ro",), "Latin"),
    "id": (("id",), "Latin"),
    "vi": (("vi",), "Latin"),
    "ca": (("ca",), "Latin"),
    "ru": (("ru",), "Cyrillic"),
    "uk": (("uk",), "Cyrillic"),
    "bg": (("bg",), "Cyrillic"),
    "sr": (("sr",), "Cyrillic"),
    "el": (("el",), "Greek"),
    "ar": (("ar",), "Arabic"),
    "fa": (("fa",), "Arabic"),
    "he": (("he",), "Hebrew"),
    "hi": (("hi",), "Devanagari"),
    "mr": (("mr",), "Devanagari"),
    "bn": (("bn", "bn_IN", "bn_BD"), "Bengali"),
    "ta": (("ta",), "Tamil"),
    "th": (("th",), "Thai"),
    "ka": (("ka",), "Georgian"),
    "ja": (("ja",), "Japanese"),
    "zh": (("zh_CN", "zh_Hans"), "Han"),
    "ko": (("ko",), "Hangul"),
}

DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "cs", "tr", "vi",
    "ru", "uk", "bg", "el", "ar", "fa", "he", "hi", "th", "ka", "ja", "zh", "ko",
)

# Approximate characters per o200k_base token, measured on the collected text.
CHARS_PER_TOKEN: dict[str, float] = {
    'en': 4.77, 'de': 4.23, 'fr': 4.23, 'es': 4.32, 'it': 3.99, 'pt': 4.21, 'nl': 4.28,
    'pl': 3.19, 'sv': 3.53, 'cs': 2.95, 'tr': 3.37, 'da': 3.47, 'fi': 3.03, 'hu': 2.84,
    'ro': 3.36, 'id': 4.18, 'vi': 3.33, 'ca': 3.44, 'ru': 3.88, 'uk': 3.07, 'bg': 2.98,
    'sr': 2.62, 'el': 2.8, 'ar': 3.06, 'fa': 2.98, 'he': 2.59, 'hi': 3.08, 'mr': 2.63,
    'bn': 2.81, 'ta': 2.97, 'th': 2.44, 'ka': 2.97, 'ja': 1.55, 'zh': 1.48, 'ko': 1.89,
}
DEFAULT_CHARS_PER_TOKEN = 3.0

SCRIPT_RANGES: dict[str, str] = {
    "Latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "Cyrillic": "\u0400-\u052f",
    "Greek": "\u0370-\u03ff\u1f00-\u1fff",
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Hebrew": "\u0590-\u05ff\ufb1d-\ufb4f",
    "Devanagari": "\u0900-\u097f",
    "Bengali": "\u0980-\u09ff",
    "Tamil": "\u0b80-\u0bff",
    "Thai": "\u0e00-\u0e7f",
    "Georgian": "\u10a0-\u10ff\u2d00-\u2d2f",
    "Hangul": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "Kana": "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "Han": "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff",
}
_SCRIPT_RE = {k: re.compile(f"[{v}]") for k, v in SCRIPT_RANGES.items()}
_NATIVE = {  # script -> character class counted as "native" letters
    "Japanese": re.compile(f"[{SCRIPT_RANGES['Kana']}{SCRIPT_RANGES['Han']}]"),
    "Hangul": re.compile(f"[{SCRIPT_RANGES['Hangul']}{SCRIPT_RANGES['Han']}]"),
}
LATIN_RE = _SCRIPT_RE["Latin"]
KANA_RE = _SCRIPT_RE["Kana"]
CJK_CHAR = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

NO_SPACE_LANGS = frozenset({"ja", "zh"})  # sentences are joined without a space
# languages whose script has upper and lower case
CASED = frozenset(k for k, v in LANGUAGES.items() if v[1] in ("Latin", "Cyrillic", "Greek"))


def script_of(lang: str) -> str:
    return LANGUAGES[lang][1]


def is_non_latin(lang: str) -> bool:
    return script_of(lang) != "Latin"


def native_letters(script: str) -> re.Pattern[str]:
    """The character class of a script's own letters (kana and Han for Japanese, Hangul
    and Han for Korean)."""
    return _NATIVE.get(script) or _SCRIPT_RE[script]


def joiner(lang: str) -> str:
    """What goes between two sentences of ``lang``: nothing for Japanese and Chinese."""
    return "" if lang in NO_SPACE_LANGS else " "
