"""Each trainer's turn rules: how severe each structure finding is for it, and what it does
with such an example. The sources are cited in docs/trainers.md (repository, file,
function); the verdicts follow the recommendation table of the research notes there.

error: the trainer refuses the file, or silently drops the example (so the example is lost
just the same); warning: it trains, but on something you likely did not mean; info: allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.model.findings import Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Rule:
    """A finding's severity for one trainer (a key ``C003.tool`` holds a variant: the last
    message is a tool result)."""

    severity: Severity
    note: str  # what the trainer does with it; "" when there is nothing to add


LF_DROPS = "LLaMA-Factory skips such an example ({}, converter.py)"
TEMPLATE = ("{} passes it to the model's chat template: the Gemma, Mistral v1 and Llama 2 "
            "templates raise on it")
WEIGHT_IGNORED = "{} ignores `weight` and trains the reply anyway"

PROFILES: dict[str, dict[str, Rule]] = {
    "openai": {
        "C001": Rule(W, "OpenAI documents no rule against it, but Together rejects it and "
                        "LLaMA-Factory drops the example: see --profile"),
        "C002": Rule(W, ""),
        "C003": Rule(W, ""),
        "C004": Rule(W, ""),
        "C005": Rule(W, "OpenAI's data-preparation notebook counts examples without one"),
        "C006": Rule(W, ""),
    },
    "together": {
        "C001": Rule(E, 'Together rejects the file ("Invalid role turns": after the optional '
                        "system message, roles must alternate user/assistant)"),
        "C002": Rule(W, "Together's guide says a conversation starts with system or user"),
        "C003": Rule(INFO, "Together trains such an example as it is"),
        "C004": Rule(W, ""),
        "C005": Rule(W, "Together's guide asks for user and assistant turns in alternation"),
        "C006": Rule(W, "Together's guide says a conversation starts with system or user; its "
                        "client does not check it, its server may"),
    },
    "llama-factory": {
        "C001": Rule(E, LF_DROPS.format('"Invalid role tag"')),
        "C002": Rule(E, LF_DROPS.format('"Invalid role tag": a system message counts only '
                                        "as the first")),
        "C003": Rule(E, LF_DROPS.format('"Invalid message count": it needs user/assistant '
                                        "pairs")),
        "C003.tool": Rule(W, "LLaMA-Factory trains up to the last call and leaves the "
                             "trailing tool results out"),
        "C004": Rule(INFO, WEIGHT_IGNORED.format("LLaMA-Factory")),
        "C005": Rule(E, LF_DROPS.format('"Invalid role tag": the first turn must be the '
                                        "user's")),
        "C006": Rule(E, LF_DROPS.format('"Invalid role tag": the first turn must be the '
                                        "user's")),
    },
    "axolotl": {
        "C001": Rule(W, TEMPLATE.format("Axolotl")),
        "C002": Rule(W, TEMPLATE.format("Axolotl")),
        "C003": Rule(W, 'Axolotl logs "Last turn is not trainable"'),
        "C004": Rule(INFO, "Axolotl trains by role (roles_to_train) and ignores `weight`"),
        "C005": Rule(W, ""),
        "C006": Rule(W, TEMPLATE.format("Axolotl")),
    },
    "trl": {
        "C001": Rule(W, TEMPLATE.format("TRL")),
        "C002": Rule(W, TEMPLATE.format("TRL")),
        "C003": Rule(INFO, "TRL's SFTTrainer trains the conversation as it is"),
        "C004": Rule(INFO, WEIGHT_IGNORED.format("TRL") + " (Curator's TRL export drops it)"),
        "C005": Rule(W, ""),
        "C006": Rule(W, TEMPLATE.format("TRL")),
    },
}
