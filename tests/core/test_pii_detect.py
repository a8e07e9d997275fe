"""What the pii family finds, what its allowlists let through, and where it looks."""

from __future__ import annotations

import random
import string
import time
from pathlib import Path

import orjson
import pytest

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.pii import prefilter
from curator.core.families.pii.codes import CODE_KINDS
from curator.core.families.pii.hits import Hit
from curator.core.families.pii.personal import IBAN_LENGTHS, luhn
from curator.core.families.pii.phones import DEFAULT_REGIONS
from curator.core.families.pii.prefilter import (
    EMAIL,
    IPS,
    MARKS,
    NUMBERS,
    SECRETS,
    flagged,
    signs,
)
from curator.core.families.pii.scan import Options, fields, scan_text
from curator.core.model.findings import Finding
from tests.core import pii_corpus

OPTIONS = Options(DEFAULT_REGIONS)
EVERYTHING = EMAIL | NUMBERS | SECRETS | MARKS | IPS  # every detector


def found(text: str, options: Options = OPTIONS) -> list[tuple[str, str]]:
    """(kind, text) of every hit in ``text``, the pre-filter skipped."""
    hits: list[Hit] = scan_text(text, EVERYTHING, options)
    return [(h.kind, text[h.start:h.end]) for h in hits]


SECRETS = {
    "aws": "AKIAZ3MHQXPL4R7TVW2Q",
    "aws-session": "ASIAY34FZKBOKMUTVV7A",
    "github": "ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5",
    "github-oauth": "gho_16C7e42F292c6912E7710c838347Ae178B4a",
    "github-app": "ghs_" + "2b7Tw9Lq4Xz8Mn3Kp6Rv1Sy5Ua0Hc7Jd2Fe9k"[:36],
    "github-pat": "github_pat_11ABCDEFG0" + "aB3dE5gH7j" * 7 + "xY",
    "openai": "sk-proj-" + "Ab3De5Gh7J" * 7 + "T3BlbkFJ" + "Xy9Zw8Vu7T" * 7,
    "openai-legacy": "sk-4fQ9zL2mX8pR3tW7yB1nT3BlbkFJc6vK0sD5gH9jA2qE",
    "anthropic": "sk-ant-api03-" + "Zq8Wx2Ec4Rv6Tb8Yn0Um" * 4 + "Qa1Sd3Fg5Hj7K" + "AA",
    "slack": "xoxb-20948571603-731846295013-Tq8ZkR2mWv5XyL9nBc3DfGh7",
    "stripe": "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "stripe-restricted": "rk_live_51H8mQ2eZvKYlo2C9xT3bLpW",
    "google": "AIza" + "SyD4k9Qw2Xe7Rt5Yu1Io3Pa8Sd6Fg0Hj2Kx9"[:35],
    "jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAw"
           "fQ.Qm9yZWRvbVNpZ25hdHVyZTEyMzQ1Njc4OTBhYmNkZWY",
    "pem": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1x8Kq3bZ7fN2pR5sT9vW3yA6cE8gH1j\n"
           "K4mN7qS0uX2zB5dF8hJ1lP4rT7wY0aC3eG6iL9oQ2sU5xZ8\n-----END RSA PRIVATE KEY-----",
    "generic": 'api_key = "q8Fz3kLm9Tx2Vb7Nw4RpYh6J"',
    "env": "AWS_SECRET_ACCESS_KEY=wJalr9UtnFEMI/K7MDENG/bPxRfiCYzEXAMPLX3",
    "password": "password: Tr0ub4dor3x",
}


@pytest.mark.parametrize("name", sorted(SECRETS))
def test_every_provider_format_is_a_secret(name: str) -> None:
    text = f"Here it is: {SECRETS[name]} — does it work?"
    kinds = [kind for kind, _ in found(text)]
    assert kinds == ["secret"], found(text)


@pytest.mark.parametrize("text", [
    "Use AKIAIOSFODNN7EXAMPLE in the example config.",  # AWS's documented key
    "Set OPENAI_API_KEY=sk-... before you start.", "export OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxx",
    'api_key = "your_api_key_here"', "password: ${DB_PASSWORD}", "token = {{ secrets.TOKEN }}",
    "Stripe's publishable key pk_live_51H8mQ2eZvKYlo2C9xT3bLpW is public.",
    "The key: press Ctrl+Shift+K to open it.", "Reset your password: Settings, then Security.",
    "the access_token_expiry_seconds setting", "-----BEGIN PRIVATE KEY-----\n...\n-----END",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwia"
    "WF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",  # jwt.io's sample
    "sk-this-is-not-a-real-key-at-all", "request id 550e8400-e29b-41d4-a716-446655440000",
    "commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
])
def test_placeholders_and_documented_values_are_not_secrets(text: str) -> None:
    assert [kind for kind, _ in found(text)] == [], found(text)


PHONES = {
    "US": ["(415) 867-5309", "415-867-5309", "+1 415 867 5309", "call me at 4158675309"],
    "GB": ["020 7123 4567", "07911 123456", "+44 20 7123 4567", "+447911123456"],
    "DE": ["030 12345678", "0151 23456789", "+49 30 12345678", "+49 1512 3456789"],
    "FR": ["01 42 68 53 00", "06 12 34 56 78", "+33 1 42 68 53 00", "+33 6 12 34 56 78"],
    "IN": ["098765 43210", "+91 98765 43210", "mobile: 9876543210"],
    "BR": ["(11) 91234-5678", "+55 11 91234-5678", "(21) 2345-6789"],
    "JP": ["03-1234-5678", "090-1234-5678", "+81 3-1234-5678", "+81 90 1234 5678"],
}


@pytest.mark.parametrize("region,written", [(r, w) for r, ws in PHONES.items() for w in ws])
def test_phone_numbers_in_national_and_international_forms(region: str, written: str) -> None:
    text = f"Reach me: {written}. Thanks!"
    assert [kind for kind, _ in found(text)] == ["phone"], (region, found(text))
    assert found(text)[0][1] in written


@pytest.mark.parametrize("text", [
    "Order #4829301847 shipped.", "ticket ID 5551234567", "Your order number is 4829301847.",
    "on 15.03.2024 at 14:32:10", "2024-03-15 14:32:10", "unix time 1700000000",
    "ISBN 978-0-306-40615-7 or 0-306-40615-2", "version 10.0.19045.3570", "$1,299.99",
    "zip 90210-1234", "SSN 123-45-6789", "Tracking 1Z999AA10123456784",
    "USPS 9400 1000 0000 0000 0000 00", "Call (555) 555-0123 or 212-555-0199.",
    "Ring 020 7946 0958 (a drama number).", "build 2024.03.15.1", "call me in 5 minutes",
    "The phone costs 1299 and weighs 187 g.", "commit 0222140 fixed it, phone me later",
])
def test_order_numbers_timestamps_and_fictional_numbers_are_not_phones(text: str) -> None:
    assert [kind for kind, _ in found(text) if kind == "phone"] == [], found(text)


def _luhn_completed(body: str) -> str:
    return next(body + d for d in string.digits if luhn(body + d))


def test_cards_with_or_without_separators_and_only_when_luhn_holds() -> None:
    amex = _luhn_completed("37828224631007")
    master = _luhn_completed("542523343010991")
    for written in ("4539 1488 0343 6467", "4539-1488-0343-6467", "4539148803436467",
                    f"{amex[:4]} {amex[4:10]} {amex[10:]}", master):
        assert found(f"card {written} exp 08/27") == [("card", written)], written
    assert found("card 4539 1488 0343 6468") == []  # Luhn fails
    assert found("test card 4242 4242 4242 4242 and 4111-1111-1111-1111") == []
    assert found("4539-1488 0343-6467") == []  # two kinds of separator
    assert found("order #4539148803436467") == []


def _iban(country: str, rng: random.Random) -> str:
    bban = "".join(rng.choice(string.digits) for _ in range(IBAN_LENGTHS[country] - 4))
    check = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
    return f"{country}{check:02d}{bban}"


@pytest.mark.parametrize("country", sorted(IBAN_LENGTHS))
def test_ibans_of_every_sepa_country(country: str) -> None:
    compact = _iban(country, random.Random(country))
    grouped = " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    for written in (compact, grouped):
        assert found(f"Refund to {written}, please.") == [("iban", written)]
    wrong = compact[:2] + f"{(int(compact[2:4]) + 1) % 100:02d}" + compact[4:]
    assert [kind for kind, _ in found(f"IBAN {wrong}") if kind == "iban"] == []


def test_documentation_ibans_are_not_personal() -> None:
    assert found("IBAN DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432") == []


def test_public_ips_only_unless_private_ones_are_asked_for() -> None:
    text = ("from 81.2.69.160, 2a00:1450:4001:82a::200e, 10.0.0.1, 192.168.1.20, fd12:3456::1, "
            "127.0.0.1, ::1, 192.0.2.15, 198.51.100.7, 203.0.113.9, 2001:db8::1, v1.2.3.4")
    assert found(text) == [("ip", "81.2.69.160"), ("ip", "2a00:1450:4001:82a::200e")]
    private = [value for kind, value in found(text, Options(DEFAULT_REGIONS, True))]
    assert private == ["81.2.69.160", "2a00:1450:4001:82a::200e", "10.0.0.1", "192.168.1.20",
                       "fd12:3456::1"]


def test_emails_but_not_documentation_domains_nor_url_logins() -> None:
    text = ("write to maria.garcia@gmail.com, test@example.com, a@b.test, x@mail.example.org, "
            "root@localhost, https://user:pw@host.com/x and pkg@1.2.3")
    assert found(text) == [("email", "maria.garcia@gmail.com")]


def test_json_escapes_are_never_split_by_a_span() -> None:
    arguments = orjson.dumps({"note": "call\n+44 20 7123 4567\tthen\njane@gmail.com"}).decode()
    for kind, value in found(arguments):
        assert "\\" not in value, (kind, value)
    assert sorted(kind for kind, _ in found(arguments)) == ["email", "phone"]


def test_the_prefilter_flags_every_text_with_a_sign() -> None:
    """An example is flagged when any of its texts may hold something; each flagged text's
    own signs then say which detectors run, so none may be missed."""
    lines, _ = pii_corpus.build(200, seed=3)
    texts = ["\n".join(str(m.get("content")) for m in orjson.loads(line)["messages"])
             for line in lines]
    kept = {i for i, text in enumerate(texts) if flagged(text)}
    assert {i for i, text in enumerate(texts) if signs(text)} <= kept
    assert len(kept) < len(texts)  # the clean ones stay out
    assert flagged("a\x00b jane@gmail.com")  # NUL in a text changes nothing


@pytest.mark.parametrize("private", [False, True])
def test_every_value_a_detector_finds_is_behind_a_sign_of_its_kind(private: bool) -> None:
    """The pre-filter hides nothing: on every field of the labelled corpus (planted values of
    every kind, hard negatives, text in many scripts), whatever the detectors find when all
    of them run is in a text whose signs call for that detector."""
    lines, labels = pii_corpus.build(1500, seed=11)
    options = Options(DEFAULT_REGIONS, private)
    wanted_for = {"email": EMAIL, "phone": NUMBERS, "card": NUMBERS, "iban": NUMBERS,
                  "ip": IPS, "secret": prefilter.SECRETS}  # SECRETS here: the test keys
    seen = set()
    for line in lines:
        for _, text in fields(orjson.loads(line)):
            kinds = {hit.kind for hit in scan_text(text, EVERYTHING, options)}
            seen |= kinds
            bits = signs(text, private)
            assert all(bits & wanted_for[kind] for kind in kinds), (kinds, bits, text)
            assert not kinds or flagged(text, private)
    assert seen == set(wanted_for) and len(labels) > 1000


@pytest.mark.parametrize("alphabet", ["0123456789 .-", "0123456789abcdefABCDEF:.", "Ab1:=_ -\n"])
def test_the_prefilter_stays_fast_on_texts_made_of_nothing_but_signs(alphabet: str) -> None:
    """A DFA over a text built to visit many of its states: 4 MB of random signs is still
    read at tens of megabytes a second, and what it has is still found."""
    rng = random.Random(7)
    text = "".join(rng.choice(alphabet) for _ in range(4_000_000)) + " mail jane@gmail.com"
    started = time.perf_counter()
    assert signs(text) & EMAIL
    assert time.perf_counter() - started < 2.0


def _findings(tmp_path: Path, rows: list[dict[str, object]], **values: object
              ) -> list[Finding]:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    analysis = finish(validate_path(path, default_settings(workers=1, **values),
                                    only=("pii",)))
    return [f for f in analysis.report.findings if f.code in CODE_KINDS]


def test_every_text_of_every_shape_is_read_and_spans_point_at_the_value(tmp_path: Path
                                                                        ) -> None:
    mail = "maria.garcia@gmail.com"
    call = {"id": "c1", "type": "function",
            "function": {"name": "f", "arguments": orjson.dumps({"to": mail}).decode()}}
    rows: list[dict[str, object]] = [
        {"messages": [{"role": "system", "content": f"Admin is {mail}"},
                      {"role": "user", "content": [{"type": "text", "text": f"me: {mail}"}]},
                      {"role": "assistant", "content": None, "tool_calls": [call]},
                      {"role": "tool", "tool_call_id": "c1", "content": f'{{"to": "{mail}"}}'},
                      {"role": "assistant", "content": "Done."}]},
        {"prompt": f"mail {mail}", "completion": "ok", "chosen": "a", "rejected": mail},
        {"input": {"messages": [{"role": "user", "content": "hi"}]},
         "preferred_output": [{"role": "assistant", "content": "ok"}],
         "non_preferred_output": [{"role": "assistant", "content": f"{mail}!"}]},
    ]
    found_ = _findings(tmp_path, rows)
    assert {(f.line, f.path) for f in found_} == {
        (1, "messages[0].content"), (1, "messages[1].content[0].text"),
        (1, "messages[2].tool_calls[0].function.arguments"), (1, "messages[3].content"),
        (2, "prompt"), (2, "rejected"), (3, "non_preferred_output[0].content")}
    for f in found_:
        assert f.code == "P002" and f.span is not None
        value = rows[f.line - 1]
        assert mail in orjson.dumps(value).decode()
        assert f.span[1] - f.span[0] == len(mail)


def test_the_private_ip_setting_and_the_phone_regions(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [{"messages": [
        {"role": "user", "content": "From 10.1.2.3, call 020 7123 4567"},
        {"role": "assistant", "content": "ok"}]}]
    assert {f.code for f in _findings(tmp_path, rows)} == {"P003"}
    assert {f.code for f in _findings(tmp_path, rows, pii_private_ips=True)} == {"P003", "P006"}
    assert {f.code for f in _findings(tmp_path, rows, pii_phone_regions=("US",))} == set()


def test_many_values_in_one_text_cost_linear_time() -> None:
    """A log pasted into a tool result can hold 100,000 addresses or keys: each found value
    is checked against those already taken by bisect, not against every one (that was
    10^10 comparisons, minutes for one text)."""
    import time

    for text, kind in (("from 81.2.69.160 " * 60_000, "ip"),
                       ("token=AbC1dE2fG3hI4jK5 " * 60_000, "secret")):
        started = time.perf_counter()
        hits = scan_text(text, EVERYTHING, OPTIONS)
        assert len(hits) == 60_000 and {h.kind for h in hits} == {kind}
        assert time.perf_counter() - started < 20  # quadratic: about 2 minutes here
