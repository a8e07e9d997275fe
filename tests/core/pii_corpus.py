"""A labelled set for the pii family, made by the tests: realistic chat examples (datagen's
support chats, real text in 25 languages) with sensitive values of every kind planted at
known places, and hard negatives planted the same way (order numbers, timestamps, version
strings, UUIDs, git hashes, prices, ISBNs, tracking numbers, and the documentation values
the allowlists let through). Deterministic for a seed; nothing is read but the shipped
tests/data/udhr_25.json.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import phonenumbers

from curator.core.families.pii.personal import IBAN_LENGTHS, luhn
from curator.core.families.pii.phones import fictional
from datagen.synth import chat_example

UDHR = json.loads((Path(__file__).parents[1] / "data" / "udhr_25.json").read_text("utf-8"))
ALNUM = string.ascii_letters + string.digits
REGIONS = ("US", "GB", "DE", "FR", "IN", "BR", "JP")


@dataclass(frozen=True)
class Label:
    line: int
    path: str
    kind: str
    start: int
    end: int


def _random(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def email(rng: random.Random) -> str:
    first = rng.choice(["maria", "john", "wei", "fatima", "olga", "pierre", "ananya", "kenji"])
    last = rng.choice(["garcia", "smith", "zhang", "khan", "ivanova", "dubois", "rao", "sato"])
    local = rng.choice([f"{first}.{last}", f"{first}{rng.randint(1, 99)}", f"{first[0]}{last}"])
    domain = rng.choice(["gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "orange.fr",
                         "northwind-electronics.com", "mail.contoso.io", "uol.com.br"])
    return f"{local}@{domain}"


def phone(rng: random.Random) -> str:
    """A valid, non-fictional number of one of the regions, written as people do."""
    region = rng.choice(REGIONS)
    kind = rng.choice([phonenumbers.PhoneNumberType.MOBILE,
                       phonenumbers.PhoneNumberType.FIXED_LINE])
    example = phonenumbers.example_number_for_type(region, kind)
    assert example is not None
    national = str(example.national_number)
    while True:
        digits = national[:3] + _random(rng, len(national) - 3, string.digits)
        number = phonenumbers.parse("+" + str(example.country_code) + digits)
        if phonenumbers.is_valid_number(number) and not fictional(number):
            break
    form = rng.choice([phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                       phonenumbers.PhoneNumberFormat.NATIONAL,
                       phonenumbers.PhoneNumberFormat.E164])
    return phonenumbers.format_number(number, form)


CARD_PREFIXES = (("4", 16), ("4", 13), ("51", 16), ("2221", 16), ("34", 15), ("37", 15),
                 ("6011", 16), ("65", 16), ("3530", 16), ("36", 14), ("62", 16))


def card(rng: random.Random) -> str:
    prefix, length = rng.choice(CARD_PREFIXES)
    while True:
        body = prefix + _random(rng, length - len(prefix) - 1, string.digits)
        digits = next(body + d for d in string.digits if luhn(body + d))
        if len(set(digits)) >= 3:
            break
    style = rng.choice(["plain", "spaces", "dashes"])
    if style == "plain":
        return digits
    groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    return (" " if style == "spaces" else "-").join(groups)


def iban(rng: random.Random) -> str:
    country = rng.choice(sorted(IBAN_LENGTHS))
    length = IBAN_LENGTHS[country]
    bban = _random(rng, 4, string.ascii_uppercase) if country in ("GB", "NL", "IE") else ""
    bban += _random(rng, length - 4 - len(bban), string.digits)
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    compact = f"{country}{check:02d}{bban}"
    if rng.random() < 0.5:
        return compact
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def ip(rng: random.Random) -> str:
    while True:
        if rng.random() < 0.75:
            address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.IPv4Address(
                rng.getrandbits(32))
        else:
            address = ipaddress.IPv6Address((0x2A00 << 112) | rng.getrandbits(100))
        if address.is_global and not address.is_multicast and not address.is_reserved:
            return str(address)


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def secret(rng: random.Random) -> str:
    maker = rng.choice([
        lambda: "AKIA" + _random(rng, 16, string.ascii_uppercase + "234567"),
        lambda: "ASIA" + _random(rng, 16, string.ascii_uppercase + "234567"),
        lambda: rng.choice(["ghp_", "gho_", "ghs_"]) + _random(rng, 36),
        lambda: "github_pat_" + _random(rng, 22) + "_" + _random(rng, 59),
        lambda: "sk-proj-" + _random(rng, 74, ALNUM + "_-") + "T3BlbkFJ" + _random(rng, 74),
        lambda: "sk-" + _random(rng, 48),
        lambda: "sk-ant-api03-" + _random(rng, 93, ALNUM + "_-") + "AA",
        lambda: f"xoxb-{_random(rng, 11, string.digits)}-{_random(rng, 12, string.digits)}-"
                + _random(rng, 24),
        lambda: rng.choice(["sk_live_", "rk_live_"]) + _random(rng, 24),
        lambda: "AIza" + _random(rng, 35, ALNUM + "_-"),
        lambda: ".".join([_b64({"alg": "HS256", "typ": "JWT"}),
                          _b64({"sub": _random(rng, 8), "iat": rng.randint(10**9, 2 * 10**9)}),
                          _random(rng, 43, ALNUM + "_-")]),
        lambda: "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(
            _random(rng, 64, ALNUM + "+/") for _ in range(4)) + "\n-----END RSA PRIVATE KEY-----",
    ])
    return maker()


GENERIC = ("api_key = \"{v}\"", "export SECRET_TOKEN={v}", "\"auth_token\": \"{v}\"",
           "password: {p}", "DB_PASSWORD={p}")


def generic(rng: random.Random) -> tuple[str, str]:
    """A credential after a key word: the sentence and the value in it."""
    template = rng.choice(GENERIC)
    if "{v}" in template:  # a key: random, with a digit (gitleaks wants a non-letter)
        value = _random(rng, rng.randint(20, 40)) + rng.choice(string.digits)
    else:  # a password people make up
        value = (_random(rng, 6, string.ascii_letters) + _random(rng, 4, string.digits) + "x"
                 + _random(rng, 3, string.ascii_letters))
    return template.replace("{v}", value).replace("{p}", value), value


SENTENCES = {
    "email": ("You can write to me at {x} any time.", "Mein E-Mail: {x}",
              "Send the receipt to {x}, thanks!", "contact: {x}"),
    "phone": ("Call me on {x} after 5pm.", "My mobile number is {x}.", "Tel: {x}",
              "Please phone {x} if the parcel is late.", "WhatsApp me at {x}"),
    "card": ("My card number is {x}, expiry 08/27.", "I paid with {x} yesterday.",
             "Charge it to {x} please."),
    "iban": ("Please refund to {x}.", "IBAN: {x}", "My account is {x} at my bank."),
    "ip": ("My router's public address is {x}.", "The login came from {x}.",
           "I connect from {x} every morning."),
    "secret": ("Here is my key: {x}", "I set the token to {x} but it fails.",
               "config:\n{x}\n", "Using {x} in the header."),
}
NEGATIVES = (
    "Order #{n10} shipped on 2024-03-15 14:32:10.", "Your ticket ID is {n10}.",
    "It happened at unix time 1700000000 (2023-11-14T22:13:20Z).",
    "Update to version 10.0.19045.3570 or v1.2.3.4 first.", "Build 2.14.7.1 fixed it.",
    "The request id was 550e8400-e29b-41d4-a716-{h12}.", "commit {h40}",
    "See commit {h7} for the fix.", "It costs $1,299.99 or €1.049,00 now.",
    "ISBN 978-0-306-40615-7 and 0-306-40615-2.", "Tracking number 1Z999AA10123456784.",
    "USPS tracking 9400 1000 0000 0000 0000 00.", "Invoice INV-2023-00045821, zip 90210-1234.",
    "Write to support@example.com or jane.doe@example.org.", "Call (555) 555-0123 or 201-555-0187.",
    "Test with 4242 4242 4242 4242 or 4111-1111-1111-1111.",
    "Use 192.0.2.15, 198.51.100.7, 2001:db8::1, 10.0.0.1 or 192.168.1.20 in the docs.",
    "Put AKIAIOSFODNN7EXAMPLE in the example config, or sk-... as a placeholder.",
    "Set api_key = \"your_api_key_here\" and password: ${{DB_PASSWORD}}.",
    "IBAN DE89 3704 0044 0532 0130 00 is the one from the documentation.",
    "Reset your password: open Settings, then Security.", "The key: press Ctrl+Shift+K.",
    "Dates: 03/15/2024, 15.03.2024 and 2024/03/15; times 09:30-17:45.",
    "Model numbers XR-2000-B and SKU 8806094930138.", "Room 2024, floor 3, ext. 12.",
)


def _negative(rng: random.Random) -> str:
    return rng.choice(NEGATIVES).format(
        n10=rng.randint(10**9, 10**10 - 1), h12=_random(rng, 12, "0123456789abcdef"),
        h40=_random(rng, 40, "0123456789abcdef"), h7=_random(rng, 7, "0123456789abcdef"))


def _plant(rng: random.Random, kind: str) -> tuple[str, int, int]:
    """A sentence with one value of ``kind``, and where the value is in it."""
    if kind == "secret" and rng.random() < 0.3:
        sentence, value = generic(rng)
    else:
        value = {"email": email, "phone": phone, "card": card, "iban": iban, "ip": ip,
                 "secret": secret}[kind](rng)
        sentence = rng.choice(SENTENCES[kind]).replace("{x}", value)
    start = sentence.index(value)
    return sentence, start, start + len(value)


def _text_messages(value: dict[str, Any]) -> list[int]:
    return [i for i, m in enumerate(value["messages"]) if isinstance(m.get("content"), str)
            and m.get("role") != "tool"]


def build(n: int, seed: int = 0) -> tuple[list[bytes], list[Label]]:
    """``n`` examples as JSON lines and the label of every planted value."""
    rng = random.Random(seed)
    languages = sorted(UDHR["texts"])
    lines: list[bytes] = []
    labels: list[Label] = []
    for line in range(1, n + 1):
        value = chat_example(rng)
        targets = _text_messages(value)
        if rng.random() < 0.3:  # real text in another language
            texts = UDHR["texts"][rng.choice(languages)]
            value["messages"][targets[-1]]["content"] = rng.choice(texts)
        for _ in range(rng.randint(0, 3)):
            index = rng.choice(targets)
            message = value["messages"][index]
            if rng.random() < 0.4:
                message["content"] += " " + _negative(rng)
                continue
            kind = rng.choice(list(SENTENCES))
            sentence, start, end = _plant(rng, kind)
            offset = len(message["content"]) + 1
            message["content"] += " " + sentence
            labels.append(Label(line, f"messages[{index}].content", kind, offset + start,
                                offset + end))
        _plant_in_tool(rng, value, line, labels)
        lines.append(orjson.dumps(value))
    return lines, labels


def _plant_in_tool(rng: random.Random, value: dict[str, Any], line: int,
                   labels: list[Label]) -> None:
    """Values in a tool call's arguments and in a tool result (JSON text)."""
    for index, message in enumerate(value["messages"]):
        if message.get("role") == "tool" and rng.random() < 0.5:
            address = email(rng)
            message["content"] = orjson.dumps({"customer": address, "status": "ok"}).decode()
            start = message["content"].index(address)
            labels.append(Label(line, f"messages[{index}].content", "email", start,
                                start + len(address)))
        for k, call in enumerate(message.get("tool_calls") or ()):
            if rng.random() < 0.5:
                number = phone(rng)
                call["function"]["arguments"] = orjson.dumps(
                    {"order_id": str(rng.randint(10000, 99999)), "phone": number,
                     "note": "call\nfirst"}).decode()
                start = call["function"]["arguments"].index(number)
                labels.append(Label(line, f"messages[{index}].tool_calls[{k}].function."
                                    "arguments", "phone", start, start + len(number)))
