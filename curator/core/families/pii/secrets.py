"""Secrets by provider format, and other credentials by a keyword, an assignment and an
entropy threshold.

The provider rules are gitleaks' (MIT, © Zachary Rice; config/gitleaks.toml), ported to
Python ``re`` with ``re.ASCII`` (Go's ``\\w`` and ``\\b`` are ASCII; Python's are not), and
checked like gitleaks checks them: a rule's secret is dropped when its Shannon entropy is at
or below the rule's threshold, and the rule's allowlist applies (AWS's ``…EXAMPLE`` keys).
JWTs must decode (detect-secrets' ``is_formally_valid``). The generic rule is gitleaks'
``generic-api-key`` without its slow leading ``[\\w.-]{0,50}?`` (it only widens the match
for display): a keyword, an assignment, and a value of 10 characters or more with a
non-letter in it and an entropy over 3.5 that is not a placeholder.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from curator.core.families.pii.hits import Hit, Taken, entropy, middle_masked

END = r"(?=[\x60'\"\s;,)\]}>]|\\[nr]|$)"  # gitleaks' secretSuffix, as a lookahead


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    pattern: re.Pattern[str]
    entropy: float = 0.0  # the secret must be above it
    allowed: Callable[[str], bool] = lambda secret: False
    needles: tuple[str, ...] = ()  # one of them is in every match: the rule runs only then


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII | flags)


# Placeholders people write instead of a key; any of these in a value makes it not a secret.
STOPWORDS = ("example", "sample", "placeholder", "your", "xxxx", "****", "....", "changeme",
             "redacted", "dummy", "fake", "insert", "replace", "abcdefghij", "0000000", "${",
             "{{", "%(")
PLACEHOLDER = re.compile(r"^(?:\$\{?\w+\}?|\{\{[^}]*\}\}|%\w+%|@\w+@|<[^>]*>|(.)\1+|"
                         r"(?:true|false|null|none|undefined)|/(?:bin|etc|home|opt|tmp|usr|var)"
                         r"/.*)$", re.IGNORECASE)
# keys published in documentation (AWS's own examples; jwt.io's sample token)
DOCUMENTED = frozenset({
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
})


def placeholder(secret: str) -> bool:
    """A value people write in place of a key: ``sk-...``, ``YOUR_API_KEY``, ``${TOKEN}``."""
    low = secret.lower()
    return bool(PLACEHOLDER.match(secret)) or any(word in low for word in STOPWORDS) or (
        secret in DOCUMENTED or secret.endswith("EXAMPLE"))


def _jwt_invalid(token: str) -> bool:
    """Not a JWT unless its header and payload are base64url JSON objects."""
    try:
        for part in token.split(".")[:2]:
            data = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
            if not isinstance(json.loads(data), dict):
                return True
    except (binascii.Error, ValueError):
        return True
    return token.rsplit(".", 1)[-1] in DOCUMENTED


def _mixed(secret: str) -> bool:
    """Not a key unless it has a letter and a digit (an OpenAI key is random)."""
    return not (any(c.isdigit() for c in secret) and any(c.isalpha() for c in secret))


# Each pattern starts with a literal (a word boundary before it is checked afterwards), so
# that ``re`` finds candidates with its fast literal search rather than trying every position.
RULES = (
    Rule("aws", "an AWS access key ID",
         _rx(r"A(?:3T[A-Z0-9]|KIA|SIA|BIA|CCA)[A-Z2-7]{16}\b"), 3.0, placeholder,
         needles=("A3T", "AKIA", "ASIA", "ABIA", "ACCA")),
    Rule("github", "a GitHub token", _rx(r"gh[pousr]_[0-9A-Za-z]{36}\b"), 3.0,
         needles=("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    Rule("github", "a GitHub fine-grained token", _rx(r"github_pat_\w{82}"), 3.0,
         needles=("github_pat_",)),
    Rule("anthropic", "an Anthropic API key",
         _rx(r"sk-ant-[a-z]{2,6}\d{2}-[A-Za-z0-9_\-]{32,}" + END), 3.0, placeholder,
         needles=("sk-ant-",)),
    Rule("openai", "an OpenAI API key",
         _rx(r"sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_\-]{20,}" + END), 3.0,
         lambda s: placeholder(s) or _mixed(s),
         needles=("sk-",)),
    Rule("slack", "a Slack token",
         _rx(r"xox[abposre]-(?:\d+-)+[A-Za-z0-9]{6,}[A-Za-z0-9\-]*"), 2.0, placeholder,
         needles=("xox",)),
    Rule("slack", "a Slack webhook URL",
         _rx(r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\-]{20,}"),
         3.0, placeholder,
         needles=("hooks.slack.com/",)),
    Rule("stripe", "a Stripe secret key",
         _rx(r"[sr]k_(?:live|prod)_[A-Za-z0-9]{10,99}" + END), 2.0, placeholder,
         needles=("k_live_", "k_prod_")),
    Rule("google", "a Google API key", _rx(r"AIza[0-9A-Za-z_\-]{35}" + END), 3.5,
         placeholder,
         needles=("AIza",)),
    Rule("jwt", "a JSON Web Token",
         _rx(r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"), 3.0,
         _jwt_invalid,
         needles=("eyJ",)),
    Rule("pem", "a private key",
         _rx(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----"
             r"[A-Za-z0-9+/=\s:,.\-]{64,}?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?"
             r"-----|(?=[^A-Za-z0-9+/=\s:,.\-])|$)"),
         needles=("-----BEGIN",)),
    Rule("pem", "a PuTTY private key",
         _rx(r"PuTTY-User-Key-File-\d: .{0,3000}?Private-(?:MAC|Hash): [0-9a-f]+", re.DOTALL),
         needles=("PuTTY-User-Key-File-",)),
)

# gitleaks' generic-api-key, anchored on its keyword
GENERIC = _rx(
    r"(?i)(?:access|auth|(?-i:[Aa]pi|API)|credential|creds|key|passw(?:or)?d|pwd|secret|token)"
    r"[\w.-]{0,20}[ \t]{0,3}[\"']?[ \t]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[ \t]{0,3}"
    r"[\x60'\"]?[ \t]{0,3}([\w.=+/~-]{10,150})" + END)
NOT_A_KEY = _rx(r"(?i)(?:public|access|client|key)[_.-]?id\b|api[_.-]?(?:version|name|url|"
                r"endpoint|base)|(?:key|token)[_.-]?(?:type|name|count|length|size|file|path|"
                r"id|expir\w*|url|endpoint|limit)|csrf|author|monkey|donkey|turkey|keyboard|"
                r"passwords?[_.-]?(?:reset|policy|hint|length)")
PASSWORD = re.compile(r"(?i)passw|pwd")
WORD = _rx(r"\w")
# the generic rule's key words (gitleaks' keywords), looked for first with plain ``in``
KEYWORDS = ("key", "token", "secret", "passw", "pwd", "api", "auth", "cred", "access")


NEEDLE_LIST = tuple(dict.fromkeys(n for rule in RULES for n in rule.needles))
NEEDLES = re.compile("|".join(re.escape(n) for n in NEEDLE_LIST))
HINTS = re.compile("|".join(KEYWORDS), re.IGNORECASE)  # slow: only where lower() fails


def may_hold(text: str) -> bool:
    """Whether any rule could match: a provider's prefix, or a key word."""
    if NEEDLES.search(text) is not None:
        return True
    low = text.lower()
    return any(word in low for word in KEYWORDS)


def _keyword_matches(text: str) -> Iterator[re.Match[str]]:
    """GENERIC's matches, as ``finditer`` gives them, tried only where a key word starts
    (a match can start nowhere else): ``finditer`` would try every character."""
    end = 0
    for at in _keyword_starts(text):
        if at < end:
            continue
        match = GENERIC.match(text, at)
        if match is not None:
            end = match.end()
            yield match


def _keyword_starts(text: str) -> list[int]:
    """Where a key word starts, case ignored: found in ``text.lower()`` (C speed) unless
    lowering changed the text's length (a few letters, such as "İ"), then by regex."""
    low = text.lower()
    if len(low) != len(text):
        return [hint.start() for hint in HINTS.finditer(text)]
    starts = set()
    for word in KEYWORDS:
        at = low.find(word)
        while at >= 0:
            starts.add(at)
            at = low.find(word, at + 1)
    return sorted(starts)


def _generic(text: str, taken: Taken) -> list[Hit]:
    out = []
    for match in _keyword_matches(text):
        secret = match.group(1).rstrip(".")
        start = match.start(1)
        end = start + len(secret)
        if not taken.free(start, end) or NOT_A_KEY.match(match.group(0)):
            continue
        floor, shortest = (2.5, 8) if PASSWORD.match(match.group(0)) else (3.5, 10)
        if (len(secret) < shortest or secret.replace("_", "").replace(".", "").replace(
                "-", "").isalpha() or entropy(secret) <= floor or placeholder(secret)):
            continue
        out.append(Hit("secret", start, end, "a credential (a high-entropy value after a "
                       "key word)", secret, middle_masked(secret)))
    return out


def find_secrets(text: str) -> list[Hit]:
    """Every secret in ``text``: provider formats first, then the generic rule."""
    out: list[Hit] = []
    taken = Taken()
    for rule in RULES:
        if not any(needle in text for needle in rule.needles):
            continue
        for match in rule.pattern.finditer(text):
            secret = match.group(0)
            if (match.start() and WORD.match(text, match.start() - 1)) or (
                    rule.entropy and entropy(secret) <= rule.entropy) or rule.allowed(secret):
                continue
            if not taken.free(*match.span()):
                continue
            taken.take(*match.span())
            out.append(Hit("secret", match.start(), match.end(), rule.label, secret,
                           _shown(rule.name, secret)))
    low = text.lower()
    if any(word in low for word in KEYWORDS):
        out.extend(_generic(text, taken))
    return out


def _shown(name: str, secret: str) -> str:
    if name == "pem":
        return secret.split("-----")[1] if secret.startswith("-----") else "PuTTY-User-Key…"
    return middle_masked(secret)
