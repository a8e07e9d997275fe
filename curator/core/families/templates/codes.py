"""The templates family's finding codes: an open model's examples as TRL renders and trains
them with the model's chat template."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

TABLE: list[CodeRow] = [
    ("M001", "template", W, "the chat template drops the tool calls of an assistant message",
     "tool_calls under TRL's Llama 3 template"),
    ("M002", "template", W, "the chat template drops a message",
     '{"role": "developer", ...} under the Qwen 2.5 template'),
    ("M003", "template", W, "the chat template drops the tool definitions",
     '"tools": [...] under TRL\'s Llama 3 template'),
    ("M004", "template", E, "no token of the example is trained (empty assistant mask)",
     "an example with no assistant turn the template marks"),
    ("M005", "template", W, "an assistant turn's end-of-turn token is not trained",
     "<|eot_id|> outside {% generation %}"),
    ("M006", "template", W, "longer than max_length: some trained tokens are cut",
     "1,300 tokens, the answer's last 276 beyond 1,024"),
    ("M007", "template", E, "longer than max_length: every trained token is cut",
     "a 1,500-token prompt before a 40-token answer"),
    ("M008", "template", E, "the chat template cannot render the example",
     "roles that do not alternate under Mistral's template"),
    ("M009", "template", I, "the chat template marks nothing: every token is trained",
     "a template without {% generation %}"),
    ("M010", "template", I, "token counts approximated: the model's tokenizer is not given",
     "Llama 3 without --tokenizer"),
]

CODES = register_codes("templates", TABLE)
