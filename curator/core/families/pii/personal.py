"""Email addresses, IP addresses, IBANs and payment card numbers, with their allowlists.

- Emails: a practical address pattern; documentation domains (RFC 2606/6761: example.com,
  .net, .org and their subdomains, .example, .test, .invalid, .localhost) are not personal.
- IPs: IPv4 and IPv6 literals checked with :mod:`ipaddress`; public (globally reachable)
  ones only, unless private ones are asked for; never loopback, unspecified, multicast or
  the documentation ranges (RFC 5737, RFC 3849); a dotted quad after "version" is a version.
- IBANs: the country's length (every SEPA country) and the ISO 7064 mod-97 checksum;
  IBANs printed in documentation are not personal.
- Cards: the brand's prefix and length (ISO/IEC 7812), one kind of separator, the Luhn
  check; processors' published test numbers are not personal.
"""

from __future__ import annotations

import ipaddress
import re

from curator.core.families.pii.hits import Hit, middle_masked

EMAIL = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b", re.ASCII)
DOC_DOMAIN = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$",
                        re.IGNORECASE)
URL_USER = re.compile(r"://[^\s/@]*$")


def find_emails(text: str) -> list[Hit]:
    out = []
    for match in EMAIL.finditer(text):
        address = match.group(0)
        local, domain = address.rsplit("@", 1)
        if DOC_DOMAIN.search(domain) or URL_USER.search(text, max(0, match.start() - 200),
                                                        match.start()):
            continue
        out.append(Hit("email", match.start(), match.end(), "an email address",
                       address.lower(), f"{local[0]}…@{domain}"))
    return out


OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4 = re.compile(rf"(?<![\w.]){OCTET}(?:\.{OCTET}){{3}}(?!\w|\.\d)", re.ASCII)
IPV6 = re.compile(r"(?<![\w:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{2,39}"
                  r"(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])", re.ASCII)
VERSION_WORDS = re.compile(r"(?i)(?:\bv|version|ver\.?|release|build|firmware|update|"
                           r"patch|sdk|api|python|node|rev\.?)\s*[:=]?\s*$")
DOC_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"))
IP = ipaddress.IPv4Address | ipaddress.IPv6Address


def _ip_is_personal(ip: IP, private: bool) -> bool:
    if any(ip in net for net in DOC_NETWORKS) or ip.is_loopback or ip.is_unspecified or (
            ip.is_multicast or ip.is_reserved or (ip.is_link_local and not private)):
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _ip_is_personal(ip.ipv4_mapped, private)
    if ip.is_global:
        # a global IPv6 address is in 2000::/3, the only range handed out
        return not isinstance(ip, ipaddress.IPv6Address) or ip in GLOBAL_UNICAST
    return private and ip.is_private


GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")


def find_ips(text: str, private: bool = False) -> list[Hit]:
    out = []
    for pattern in (IPV4, IPV6):
        for match in pattern.finditer(text):
            literal = match.group(0)
            try:
                ip = ipaddress.ip_address(literal)
            except ValueError:
                continue
            if not _ip_is_personal(ip, private) or VERSION_WORDS.search(
                    text, max(0, match.start() - 20), match.start()):
                continue
            out.append(Hit("ip", match.start(), match.end(), "an IP address", str(ip),
                           _ip_shown(literal)))
    return out


def _ip_shown(literal: str) -> str:
    sep = "." if "." in literal and ":" not in literal else ":"
    parts = literal.split(sep)
    return f"{parts[0]}{sep}…{sep}{parts[-1]}"


# IBAN lengths of every SEPA country and territory (SWIFT's IBAN registry; EPC scope 2025)
IBAN_LENGTHS = {
    "AD": 24, "AL": 28, "AT": 20, "AX": 18, "BE": 16, "BG": 22, "BL": 27, "CH": 21,
    "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27,
    "GB": 22, "GF": 27, "GG": 22, "GI": 23, "GP": 27, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IM": 22, "IS": 26, "IT": 27, "JE": 22, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MF": 27, "MK": 19, "MQ": 27, "MT": 31,
    "NC": 27, "NL": 18, "NO": 15, "PF": 27, "PL": 28, "PM": 27, "PT": 25, "RE": 27,
    "RO": 24, "RS": 22, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TF": 27, "VA": 22,
    "WF": 27, "YT": 27,
}
DOC_IBANS = frozenset({"DE89370400440532013000", "GB82WEST12345698765432",
                       "GB33BUKB20201555555555", "FR1420041010050500013M02606",
                       "NL91ABNA0417164300", "GB29NWBK60161331926819",
                       "CH9300762011623852957", "BE68539007547034"})
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", re.ASCII)


def iban_valid(compact: str) -> bool:
    """ISO 13616: a known country, its length, and mod 97 of the rearranged digits is 1."""
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def find_ibans(text: str) -> list[Hit]:
    out = []
    for match in IBAN.finditer(text):
        raw = match.group(0)
        length = IBAN_LENGTHS.get(raw[:2])
        if length is None:
            continue
        end, count = match.start(), 0  # the end of the first ``length`` characters
        while count < length and end < match.end():
            count += text[end] != " "
            end += 1
        compact = text[match.start():end].replace(" ", "")
        if count < length or compact in DOC_IBANS or not iban_valid(compact):
            continue
        out.append(Hit("iban", match.start(), end, "an IBAN", compact,
                       f"{compact[:4]}…{compact[-4:]}"))
    return out


BRANDS = (  # name, prefix on the digits, lengths
    ("Visa", re.compile(r"4"), (13, 16, 19)),
    ("Mastercard", re.compile(r"5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720"), (16,)),
    ("American Express", re.compile(r"3[47]"), (15,)),
    ("Discover", re.compile(r"6011|64[4-9]|65|622(?:12[6-9]|1[3-9]\d|[2-8]\d\d|9[01]\d|92[0-5])"),
     (16, 17, 18, 19)),
    ("JCB", re.compile(r"35(?:2[89]|[3-8]\d)"), (16, 17, 18, 19)),
    ("Diners Club", re.compile(r"30[0-5]|309|36|3[89]"), (14, 15, 16, 17, 18, 19)),
    ("UnionPay", re.compile(r"62"), (16, 17, 18, 19)),
)
# numbers processors publish for testing (Stripe, Adyen, Braintree docs): not anyone's card
TEST_CARDS = frozenset({
    "4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556",
    "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
    "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
    "6011981111111113", "3530111333300000", "3566002020360505", "30569309025904",
    "38520000023237", "3056930009020004", "36227206271667", "6200000000000005",
    "6200000000000047", "6205500000000000004", "4000000000000002", "4222222222222",
    "5425233430109903", "4000000000000077", "4000002500003155", "4000000000009995",
})
CARD = re.compile(r"(?<![\w.,+-])\d(?:[ -]?\d){12,18}(?![\w-]|[.,]\d)", re.ASCII)


def luhn(digits: str) -> bool:
    numbers = [int(c) for c in digits]
    odd = sum(numbers[-1::-2])
    even = sum(sum(divmod(2 * d, 10)) for d in numbers[-2::-2])
    return (odd + even) % 10 == 0


def card_brand(digits: str) -> str | None:
    for name, prefix, lengths in BRANDS:
        if len(digits) in lengths and prefix.match(digits):
            return name
    return None


def find_cards(text: str) -> list[Hit]:
    out = []
    for match in CARD.finditer(text):
        raw = match.group(0)
        if " " in raw and "-" in raw:
            continue  # mixed separators: not how a card is written
        digits = raw.replace(" ", "").replace("-", "")
        brand = card_brand(digits)
        if brand is None or digits in TEST_CARDS or len(set(digits)) < 3 or not luhn(digits):
            continue
        out.append(Hit("card", match.start(), match.end(), f"a {brand} card number", digits,
                       f"{brand} ending {digits[-4:]}"))
    return out


__all__ = ["find_cards", "find_emails", "find_ibans", "find_ips", "middle_masked"]
