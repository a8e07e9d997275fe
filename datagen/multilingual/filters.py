"""What counts as a sentence of running text in a language (and what is a label, a
format string, a command line or text in another language)."""

from __future__ import annotations

import re
from collections.abc import Callable

from datagen.multilingual.languages import KANA_RE, LATIN_RE, native_letters, script_of

PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?"
    r"[diouxXeEfFgGaAcspmnSC%]"
    r"|%\([A-Za-z_][A-Za-z0-9_]*\)[sdrf]"
    r"|%<[A-Za-z0-9_]+>"
    r"|\{[A-Za-z0-9_.:!]*\}"
    r"|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"
    r"|@[A-Za-z_]+@"
    r"|<[^<>\s][^<>]{0,40}>"
    r"|&[A-Za-z]+;|&#\d+;"
)
# letters, counting combining marks (Indic vowel signs, Arabic/Hebrew points, Thai vowels)
LETTER = re.compile(
    r"[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    r"\u0670\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e4e\u0eb1-\u0ecd\u1ab0-\u1aff]"
)
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MNEMONIC = re.compile(r"\(_[A-Za-z0-9]\)|\(&[A-Za-z0-9]\)|(?<![A-Za-z0-9_])_(?=\w)")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")
_SYMBOLS = re.compile(r"[/\\|=_<>{}\[\]#*`~^$]")
_EN_MARKERS = frozenset(
    "the and of with this that are you your from which will have has been should would "
    "could when there their these those into only also such must file files cannot not "
    "is be for to can cannot can't don't doesn't it's used use using option options "
    "specified specify default value values only all any each if then than other more "
    "multiple failed failure error unable found invalid unknown missing allowed supported "
    "enable disable enabled disabled show print set get list write read open close new "
    "name number directory command commands package packages user users".split()
)
_EN_MARKER_EXCEPTIONS = {  # marker words that are also words of that language
    "de": {"will", "also", "name"}, "nl": {"is", "open"}, "pl": {"to"}, "cs": {"to"},
    "sv": {"all"}, "da": {"for"}, "fr": {"options", "option"}, "es": {"use"}, "pt": {"use"},
}
_HE_FINAL_START = re.compile(r"(?<![\u05d0-\u05ea])[\u05da\u05dd\u05df\u05e3\u05e5][\u05d0-\u05ea]")
_HE_FINAL_END = re.compile(r"[\u05d0-\u05ea][\u05da\u05dd\u05df\u05e3\u05e5](?![\u05d0-\u05ea])")
_HE_NONFINAL_END = re.compile(
    r"[\u05d0-\u05ea][\u05db\u05de\u05e0\u05e4\u05e6](?![\u05d0-\u05ea\u05b0-\u05c7'\"])"
)
_MIN_LETTERS = {"ja": 8, "zh": 8, "th": 15}  # and no word count: no spaces between words


def clean_sentence(s: str, lang: str) -> str | None:
    """The sentence, tidied, or None when it is not real running text of ``lang``."""
    tidy = _tidy(s)
    if tidy is None or not _few_placeholders(tidy):
        return None
    letters = len(LETTER.findall(tidy))
    if all(check(tidy, lang, letters) for check in _CHECKS):
        return tidy
    return None


def _tidy(s: str) -> str | None:
    """Markup, mnemonics (``_Open``, ``(_O)``) and runs of white space removed; None when
    too little is left."""
    if len(s) < 8:
        return None
    if "<" in s:
        s = _MARKUP.sub("", s)
    if "_" in s or "&" in s:
        s = _MNEMONIC.sub("", s)
    s = _WS.sub(" ", s).strip()
    return s if len(s) >= 8 else None


def _few_placeholders(s: str) -> bool:
    ph = PLACEHOLDER.findall(s)
    return not ph or (len(ph) <= 2 and sum(map(len, ph)) <= 0.12 * len(s))


def _mostly_letters(s: str, lang: str, letters: int) -> bool:
    n = len(s)
    non_space = n - s.count(" ")
    if non_space == 0 or letters < 0.7 * non_space:
        return False
    return len(_SYMBOLS.findall(s)) <= 0.04 * n + 1


def _long_enough(s: str, lang: str, letters: int) -> bool:
    if lang in _MIN_LETTERS:
        return letters >= _MIN_LETTERS[lang]
    if lang == "ko":
        return letters >= 10 and len(_WORD.findall(s)) >= 3
    return letters >= 18 and len(_WORD.findall(s)) >= 4


def _in_script(s: str, lang: str, letters: int) -> bool:
    script = script_of(lang)
    if script == "Latin":
        return len(LATIN_RE.findall(s)) >= 0.93 * letters and not _english_in(s, lang)
    if len(native_letters(script).findall(s)) < 0.6 * letters:
        return False
    if lang == "ja":
        return KANA_RE.search(s) is not None
    if lang == "zh":
        return KANA_RE.search(s) is None
    return True


def _english_in(s: str, lang: str) -> bool:
    """English text inside another Latin-script language: at least 2 marker words, making
    up at least 20 % of the words."""
    if lang == "en":
        return False
    words = [w.lower() for w in _WORD.findall(s)]
    exceptions = _EN_MARKER_EXCEPTIONS.get(lang, ())
    hits = sum(1 for w in words if w in _EN_MARKERS and w not in exceptions)
    return hits >= 2 and hits >= 0.2 * len(words)


def _well_formed(s: str, lang: str, letters: int) -> bool:
    """Not a fragment of a command line or a list: no leading punctuation or prompt, no
    trailing comma or colon, few ``-options``."""
    if s[0] in ",;:)]}»-–—.$#%" or s.endswith((",", ":", "(", "-", " /")):
        return False
    words = s.split(" ")
    return sum(1 for w in words if w[:1] == "-" and len(w) > 1) <= 0.2 * len(words)


def _logical_order(s: str, lang: str, letters: int) -> bool:
    """False for Hebrew stored in visual (reversed) order: final letter forms at the
    start of words give it away."""
    if lang != "he":
        return True
    wrong = len(_HE_FINAL_START.findall(s)) + len(_HE_NONFINAL_END.findall(s))
    return not (wrong >= 2 and wrong > len(_HE_FINAL_END.findall(s)))


_CHECKS: tuple[Callable[[str, str, int], bool], ...] = (
    _mostly_letters, _long_enough, _in_script, _well_formed, _logical_order,
)
