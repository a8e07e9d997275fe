"""The pii family's finding codes: secrets (errors) and personal data (warnings)."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

E, W = Severity.ERROR, Severity.WARNING

TABLE: list[CodeRow] = [
    ("P001", "pii", E, "a secret: an API key, token or private key (masked in the message)",
     "api_key = sk-proj-…"),
    ("P002", "pii", W, "an email address", "write to j…@gmail.com"),
    ("P003", "pii", W, "a phone number (US, UK, DE, FR, IN, BR, JP or +international)",
     "call me on +44 20 …"),
    ("P004", "pii", W, "a payment card number (brand and Luhn checked)", "Visa ending 1881"),
    ("P005", "pii", W, "an IBAN (country, length and checksum checked)", "DE44…0130 00"),
    ("P006", "pii", W, "a public IP address", "my IP is 81.2.…"),
]

CODES = register_codes("pii", TABLE)

KIND_CODES = {"secret": "P001", "email": "P002", "phone": "P003", "card": "P004",
              "iban": "P005", "ip": "P006"}
CODE_KINDS = {code: kind for kind, code in KIND_CODES.items()}
