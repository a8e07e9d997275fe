"""A toy check family made only in the test suite: assistant replies written in capitals.

It shows what a family is: codes, a row check, a conclusion, a setting, one registration.
"""

from __future__ import annotations

from curator.core.families.protocol import (
    Column,
    Conclusion,
    Family,
    FileFacts,
    RowCheck,
    RowContext,
    Run,
)
from curator.core.model.codes import make, register_codes, unregister_codes
from curator.core.model.findings import Finding, Severity
from curator.core.model.settings import Section, setting

CODES = register_codes("toy", [
    ("X901", "shouting", Severity.WARNING, "assistant reply written in capitals",
     '{"role": "assistant", "content": "PLEASE WAIT"}'),
    ("X902", "shouting", Severity.INFO, "half the file or more shouts", "a loud file"),
])


class ToySettings(Section):
    shout_letters: int = setting(5, "Capital letters that make a reply shout.", ge=1,
                                 label="Toy: capitals that make a reply shout")


class ShoutCheck(RowCheck):
    def __init__(self, run: Run) -> None:
        super().__init__(COLUMNS)
        self.letters = run.settings.of(ToySettings).shout_letters

    def row(self, ctx: RowContext) -> None:
        loud = 0
        for role, text in ctx.texts:
            letters = [c for c in text if c.isalpha()]
            if role == "assistant" and len(letters) >= self.letters and all(
                    c.isupper() for c in letters):
                loud = 1
                ctx.findings.append(make("X901", ctx.line, (
                    "the reply is written in capitals; write it in sentence case"),
                    "messages"))
        self.add(loud)


class LoudFile(Conclusion):
    def __init__(self, shouting: int, examples: int) -> None:
        self.loud = examples > 0 and shouting * 2 >= examples

    def file_findings(self) -> list[Finding]:
        return [make("X902", 0, "half the file or more shouts")] if self.loud else []


COLUMNS = (Column("shouting"),)


class Toy(Family):
    name = "toy"
    codes = CODES
    columns = COLUMNS
    settings = ToySettings

    def start(self, run: Run) -> RowCheck:
        return ShoutCheck(run)

    def conclude(self, facts: FileFacts) -> Conclusion:
        return LoudFile(int(facts.columns["shouting"].sum()), len(facts.columns))


FAMILY = Toy()
# The codes exist only while a test registers the family (registered_for_now adds them back):
# collecting this module must not add X901 to every other test's registry.
unregister_codes(CODES)
