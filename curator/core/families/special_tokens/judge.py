"""What a control token in the text means for the target, said as a finding: an error for a
token of the target's own tokenizer (OpenAI's, when the target is an OpenAI model or none),
a warning for another format's."""

from __future__ import annotations

from functools import cache

from curator.core.families.special_tokens.formats import FORMATS, ChatFormat
from curator.core.families.special_tokens.scan import OPENAI, Hit, Scanner
from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.targets import Target

MAX_PER_FIELD = 5  # findings for one field; the last one counts the rest

OPENAI_FAILS = ('OpenAI fails the fine-tuning job on it ("Example N message contains an '
                'invalid token")')
TEMPLATES = ("open-model trainers (TRL, Axolotl, LLaMA-Factory) pass it through the chat "
             "template and the tokenizer reads it as a control token, so this text ends a turn "
             "or starts one")


@cache
def scanner() -> Scanner:
    """Every format's tokens, compiled once per process."""
    return Scanner(FORMATS.values())


def own_format(target: Target | None) -> str:
    """The format whose tokens are errors: the target's ``chat_format``, else OpenAI's (an
    OpenAI model, or no target: the strictest upload)."""
    if target is not None and target.chat_format:
        return target.chat_format
    return OPENAI


def break_up(token: str) -> str:
    """The token with a backslash after its first character: no tokenizer sees it whole."""
    return token[0] + "\\" + token[1:]


class Judge:
    def __init__(self, own: str, target: Target | None) -> None:
        self.scanner = scanner()
        self.own = FORMATS[own]
        self.target = target

    def findings(self, line: int, path: str, text: str) -> list[Finding]:
        hits = self.scanner.hits(text)
        out: list[Finding] = []
        for n, hit in enumerate(hits[:MAX_PER_FIELD], 1):
            more = len(hits) - MAX_PER_FIELD if n == MAX_PER_FIELD else 0
            out.append(self._finding(line, path, hit, more))
        return out

    def _finding(self, line: int, path: str, hit: Hit, more: int) -> Finding:
        formats = self.scanner.formats_of(hit.token)
        mine = self.own in formats
        where = f"`{hit.token}` at characters {hit.start}-{hit.end}"
        if mine:
            message = f"{where} is {self._own_kind()}; {self._own_effect()}"
        else:
            message = (f"{where} is a control token of {_names(formats)}, not of "
                       f"{self._target_name()}: {self._other_effect()}")
        message += (f"; remove it if it is left over from a template, or, if the text must "
                    f"show it, break it with a backslash or a zero-width space (U+200B) after "
                    f"its first character: `{break_up(hit.token)}`")
        if more:
            message += f" ({more} more in this field)"
        return make("K001" if mine else "K002", line, message, path, span=(hit.start, hit.end))

    def _own_kind(self) -> str:
        if self.own.name == OPENAI:
            return "a special token of OpenAI's tokenizers (cl100k_base, o200k_base)"
        return (f"a control token of {self.own.title}, the chat format of the target "
                f"{self.target.name if self.target else ''}").rstrip()

    def _own_effect(self) -> str:
        if self.own.name == OPENAI:
            return f"{OPENAI_FAILS}, and {TEMPLATES}"
        return TEMPLATES

    def _target_name(self) -> str:
        if self.own.name == OPENAI:
            return "OpenAI's tokenizers"
        return f"the target's ({self.own.title})"

    def _other_effect(self) -> str:
        reader = "OpenAI" if self.own.name == OPENAI else "the target"
        return (f"{reader} reads it as plain text, but a model trained in that format reads "
                "it as a control token (a turn marker)")


def _names(formats: list[ChatFormat]) -> str:
    titles = [f.title for f in formats]
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
