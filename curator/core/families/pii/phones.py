"""Phone numbers: candidates found here, validated by libphonenumber (``phonenumberslite``).

A candidate is a run of 7 to 15 digits with the separators people write (spaces, dashes,
dots, slashes, brackets), optionally after ``+`` or ``00``. No leniency of libphonenumber's
matcher tells a 10-digit order number from a phone number (measured in
/work/notes/quality-pii.md: 38% of random 10-digit blocks are valid US numbers, 71% Indian),
so a candidate must also look like one (the context rule):

- it is international (``+44 …``, ``0044 …``), or written with separators or brackets, or a
  phone word comes shortly before it (phone, call, tel, mobile, WhatsApp, Telefon, 電話…);
- and it does not follow a word that names another kind of number (order, invoice, ticket,
  tracking, ref, ID, ISBN, serial, account, #) nor look like a date or a time.

Then libphonenumber must find it valid in one of the regions (international numbers in
their own country); national forms of GB, DE, FR and JP start with their trunk prefix 0.
Fictional numbers are allowed: NANP 555 exchanges, Ofcom's drama ranges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import phonenumbers

from curator.core.families.pii.hits import Hit

CANDIDATE = re.compile(
    r"(?<![\w+@/:.-])(?:\+|00)?\(?\d[\d \-./()]{5,20}\d(?![\w@-]|[./-]\d)", re.ASCII)
PHONE_WORDS = re.compile(
    r"(?i)(?:\b(?:phone|tel|telephone|call|calling|mobile|cell|whats ?app|fax|ring|sms|"
    r"text me|number|contact|reach|hotline|landline|t[ée]l[ée]phone|portable|telefon|handy|"
    r"rufnummer|telefone|celular|n[úu]mero)\b|電話|携帯|फ़ोन|फोन)")
OTHER_WORDS = (r"order|invoice|ticket|tracking|ref|reference|id|isbn|serial|account|acct|"
               r"sku|part|model|case|claim|policy|po|no\.?|version|v|build|zip|postcode|"
               r"postal|ssn|transaction|confirmation|booking|commit|hash|sha|revision|rev|"
               r"issue|pr|pin|otp|code|#")
_NUMBER_WORD = r"(?:\s+(?:number|num|no\.?|nr\.?|id|code|#))?(?:\s+(?:is|was|=))?"
OTHER_NUMBERS = re.compile(rf"(?i)(?:\b(?:{OTHER_WORDS}|iban|card){_NUMBER_WORD}|#)[\s:#.-]*$")
NOT_CARDS = re.compile(rf"(?i)(?:\b(?:{OTHER_WORDS}){_NUMBER_WORD}|#)[\s:#.-]*$")
DATE_TIME = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?:\D|$)|"
    r"\d{1,2}:\d{2}")
DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$")  # an IP address or a version
LAST_DIGIT = re.compile(r"\D\d$")  # ISBN-10's check digit: no phone ends in one digit
TRUNK_ZERO = frozenset({"GB", "DE", "FR", "JP"})  # national numbers written with 0
FICTIONAL_UK = ("2079460", "1134960", "1144960", "1154960", "1164960", "1174960", "1184960",
                "1214960", "1314960", "1414960", "1514960", "1614960", "1914980", "2920180",
                "2896496", "1632960", "7700900", "8081570", "9098790", "3069990")
DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "IN", "BR", "JP")


def other_number(text: str, start: int, words: re.Pattern[str] = OTHER_NUMBERS) -> bool:
    """The words just before ``start`` say this is another kind of number (for a phone
    number; ``NOT_CARDS`` for a card)."""
    return bool(words.search(text, max(0, start - 24), start))


def _phone_word_before(text: str, start: int) -> bool:
    """A phone word shortly before ``start``, in the same sentence."""
    before = text[max(0, start - 32):start]
    cut = max(before.rfind(". "), before.rfind("! "), before.rfind("? "), before.rfind("\n"))
    return bool(PHONE_WORDS.search(before, cut + 1))


def fictional(number: phonenumbers.PhoneNumber, digits: str = "") -> bool:
    """A number for films and examples: a NANP 555 exchange (or area code), whatever
    country a national form could also be read in; Ofcom's drama ranges."""
    national = str(number.national_number)
    nanp = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
    if len(nanp) == 10 and "555" in (nanp[:3], nanp[3:6]):
        return True
    if number.country_code == 1:
        return national[3:6] == "555"
    return number.country_code == 44 and national.startswith(FICTIONAL_UK)


def _valid(raw: str, regions: Sequence[str]) -> phonenumbers.PhoneNumber | None:
    digits = re.sub(r"\D", "", raw)
    international = raw.startswith("+") or digits.startswith("00")
    tries: Sequence[str | None] = (None,) if international else [
        r for r in regions if digits.startswith("0") or r not in TRUNK_ZERO]
    text = "+" + digits[2:] if digits.startswith("00") else raw
    for region in tries:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def find_phones(text: str, regions: Sequence[str] = DEFAULT_REGIONS) -> list[Hit]:
    out = []
    for match in CANDIDATE.finditer(text):
        raw = match.group(0).rstrip(".-/ (")
        start = match.start()
        if raw.count("(") != raw.count(")") and not raw.startswith("("):
            raw = raw.rstrip(")")
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 17 or DATE_TIME.search(raw) or other_number(
                text, start) or LAST_DIGIT.search(raw) or DOTTED_QUAD.match(raw):
            continue
        international = raw.startswith("+") or raw.startswith("00")
        if not (international or raw != digits or _phone_word_before(text, start)):
            continue
        number = _valid(raw, regions)
        if number is None or fictional(number, digits):
            continue
        shown = f"+{number.country_code} …{digits[-2:]}"
        value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        out.append(Hit("phone", start, start + len(raw), "a phone number", value, shown))
    return out
