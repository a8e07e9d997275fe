"""Chat examples of one language built from runs of its real sentences."""

from __future__ import annotations

import math
import random

from datagen.multilingual.corpus import Corpus
from datagen.multilingual.languages import CHARS_PER_TOKEN, DEFAULT_CHARS_PER_TOKEN, joiner

Message = dict[str, str]
Example = dict[str, list[Message]]

_PARAGRAPH = "\n\n"


class Deck:
    """Draws indices 0..n-1 without replacement; reshuffles when exhausted."""

    __slots__ = ("n", "order", "passes", "pos", "rng")

    def __init__(self, n: int, rng: random.Random):
        self.n = n
        self.rng = rng
        self.order: list[int] = []
        self.pos = 0
        self.passes = -1  # completed passes once the first draw is made: 0, 1, ...

    def draw(self) -> int:
        if self.pos >= len(self.order):
            self.order = list(range(self.n))
            self.rng.shuffle(self.order)
            self.pos = 0
            self.passes += 1
        i = self.order[self.pos]
        self.pos += 1
        return i


class ChatBuilder:
    """Builds chat examples of one language from its Corpus with its own Random.

    Every message is made of runs of consecutive sentences of the corpus; prompts lead
    with sentences drawn without replacement, so prompts rarely repeat."""

    def __init__(self, corpus: Corpus, rng: random.Random):
        self.c = corpus
        self.rng = rng
        self.n = len(corpus.plain)
        self.sep = joiner(corpus.lang)
        self.cpt = CHARS_PER_TOKEN.get(corpus.lang, DEFAULT_CHARS_PER_TOKEN)
        self.qdeck = Deck(len(corpus.questions), rng) if corpus.questions else None
        qset = set(corpus.questions)
        self.statements = [i for i in range(self.n) if i not in qset]
        self.sdeck = Deck(len(self.statements), rng)

    def run(self, max_sents: int, start: int | None = None, prose: bool = True) -> list[str]:
        """1..max_sents consecutive sentences from a random place (or ``start``), stopping
        at the end of a source paragraph."""
        rng = self.rng
        if start is None:
            start = rng.randrange(self.n)
        k = rng.randint(1, max_sents) if max_sents > 1 else 1
        src = self.c.prose if prose else self.c.plain
        out = [src[start]]
        brk = self.c.plain_breaks
        i = start + 1
        while len(out) < k and i < self.n and i not in brk:
            out.append(src[i])
            i += 1
        return out

    def example(self) -> Example:
        rng = self.rng
        msgs: list[Message] = []
        if rng.random() < 0.35:
            msgs.append({"role": "system", "content": self.system_turn()})
        turns = 2 if rng.random() < 0.2 else 1
        for _ in range(turns):
            msgs.append({"role": "user", "content": self.user_turn()})
            msgs.append({"role": "assistant", "content": self.assistant_turn()})
        return {"messages": msgs}

    def system_turn(self) -> str:
        return self._join(self.run(self.rng.choice((1, 1, 2, 3))))

    def user_turn(self) -> str:
        """A question (with 0-2 sentences of context before it) or 1-3 sentences of an
        instruction-like request; sometimes with a long pasted passage."""
        rng = self.rng
        # questions are few (~100 per language): used less once each was asked 3 times
        if self.qdeck is not None and rng.random() < (0.55 if self.qdeck.passes < 3 else 0.1):
            parts = self._question(self.qdeck)
        else:
            parts = self.run(rng.choice((1, 1, 2, 3)), start=self.statements[self.sdeck.draw()])
            if self.sdeck.passes > 0:  # every sentence has led a prompt: pair it with another
                parts += self.run(2)
        if rng.random() < 0.12:  # a longer request with pasted context
            ctx = self.run(8) + self.run(6)
            parts = [*ctx, _PARAGRAPH, *parts] if rng.random() < 0.5 else [*parts, _PARAGRAPH, *ctx]
        return self._join(parts)

    def _question(self, qdeck: Deck) -> list[str]:
        c = self.c
        q = c.prose[c.questions[qdeck.draw()]]
        if qdeck.passes == 0:
            ctx_n = self.rng.choice((0, 0, 1, 1, 2))
            return [*(self.run(ctx_n) if ctx_n else []), q]
        # a question seen before gets context from a fresh place: prompts differ
        start = self.statements[self.sdeck.draw()]
        return [*self.run(self.rng.choice((1, 2, 2, 3)), start=start), q]

    def assistant_turn(self) -> str:
        rng = self.rng
        # long-tailed target length in tokens: log-normal, median ~230, p95 ~1,000
        tokens = min(8000.0, max(8.0, rng.lognormvariate(math.log(230), 0.9)))
        target = int(tokens * self.cpt)
        style = rng.random()
        if style < 0.18:
            return self._list_answer(target)
        return self._prose_answer(target, multi=style < 0.6)

    def _join(self, parts: list[str]) -> str:
        out: list[str] = []
        for p in parts:
            if p == _PARAGRAPH:
                out.append(p)
            elif out and out[-1] != _PARAGRAPH:
                out.append(self.sep + p)
            else:
                out.append(p)
        return "".join(out).strip()

    def _prose_answer(self, target: int, multi: bool) -> str:
        rng = self.rng
        sep = self.sep
        paras: list[str] = []
        cur: list[str] = []
        total = 0
        para_len = rng.randint(2, 7)
        while total < target:
            run = self.run(4)
            cur.extend(run)
            total += sum(map(len, run)) + len(sep) * len(run)
            if multi and len(cur) >= para_len and total < target:
                paras.append(sep.join(cur))
                total += 2
                cur = []
                para_len = rng.randint(2, 7)
        if cur:
            paras.append(sep.join(cur))
        return _PARAGRAPH.join(paras)

    def _list_answer(self, target: int) -> str:
        rng = self.rng
        sep = self.sep
        intro = sep.join(self.run(2))
        numbered = rng.random() < 0.4
        bullet = rng.choice(("- ", "* ", "\u2022 "))
        as_prose = rng.random() < 0.3  # items as full sentences, else as catalogue lines
        items: list[str] = []
        total = len(intro)
        while total < target or len(items) < 2:
            it = sep.join(self.run(rng.choice((1, 1, 1, 2, 3)), prose=as_prose))
            items.append(it)
            total += len(it) + 3
            if len(items) >= 80:
                break
        lines = [(f"{i}. " if numbered else bullet) + it for i, it in enumerate(items, 1)]
        body = intro + _PARAGRAPH + "\n".join(lines)
        if rng.random() < 0.4:
            body += _PARAGRAPH + sep.join(self.run(2))
        return body
