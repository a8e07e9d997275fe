"""The targets table: every price traceable, every field validated once with a message that
names the file, the [model] table, the key and the allowed range."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from curator.core.model.prices import GROUPS, Sourced
from curator.core.model.resources import resource_path
from curator.core.model.targets import Target, TargetError, find_target, load_targets, read_targets

SHIPPED = resource_path("targets.toml")


def _unsourced(targets: dict[str, Target]) -> list[str]:
    """Every price table without a source or a real date, as ``[model.table]``."""
    bad = []
    for name, target in targets.items():
        for group in GROUPS:
            table = getattr(target, group)
            if table is None:
                continue
            assert isinstance(table, Sourced)
            if not table.source.strip() or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", table.as_of):
                bad.append(f"[{name}.{group}]")
    return bad


def test_every_shipped_price_has_a_source_and_a_date() -> None:
    targets = read_targets(SHIPPED)
    assert _unsourced(targets) == []
    for name, target in targets.items():
        assert target.training is not None, name
        if target.provider == "openai":  # the break-even needs both
            assert target.base is not None and target.fine_tuned is not None, name


@pytest.mark.parametrize(("line", "table"), [
    # the model-level source that its training, base and fine-tuned tables share
    ('source = "https://platform.openai.com/docs/pricing (copy: github.com/dakota-jamie-sims/'
     'OpenAI-Learning-Center-Agent, docs/openai_documentation/03_Models/02_Pricing.md)"',
     "gpt-4o-mini-2024-07-18.training"),
    ('as_of = "2025-07-03"', "llama-3-8b-lora.base"),
])
def test_a_price_without_its_source_or_date_is_refused(tmp_path: Path, line: str,
                                                       table: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert line in text
    broken = tmp_path / "targets.toml"
    broken.write_text(text.replace(line, "", 1), encoding="utf-8")
    key = line.split(" ")[0]
    with pytest.raises(TargetError, match=re.escape(f"{broken}: [{table}] lacks `{key}`")):
        read_targets(broken)


def test_gpt_4_1_nano_trains_on_65536_tokens() -> None:
    assert find_target("gpt-4.1-nano", load_targets()).token_limit == 65_536


def _user(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my.toml"
    path.write_text(text, encoding="utf-8")
    return path


NEW = '["gpt-x"]\nprovider = "openai"\nencoding = "o200k_base"\ntoken_limit = 1000\n'


@pytest.mark.parametrize(("text", "message"), [
    # issue 15, item 4: no price, a throughput of 0, prices as strings
    (NEW, "[gpt-x] lacks the table [gpt-x.training]: give per_1m (dollars per 1M trained "
          "tokens), or GPU time: throughput_low"),
    (NEW + "[gpt-x.training]\n", "[gpt-x.training] has no complete price: give per_1m"),
    ('["llama-3-8b-lora".training]\nthroughput_low = 0\n',
     "[llama-3-8b-lora.training] throughput_low must be a number > 0 (training tokens per "
     "second), not 0"),
    (NEW + '[gpt-x.training]\nper_1m = "cheap"\n',
     "[gpt-x.training] per_1m must be a number >= 0 (dollars per 1M trained tokens), "
     "not 'cheap'"),
    ('["gpt-4o-mini-2024-07-18".base]\ninput = "0.15"\n',
     "[gpt-4o-mini-2024-07-18.base] input must be a number >= 0 (dollars per 1M input "
     "tokens), not '0.15'"),
    # issue 15, item 19: nan, negative and infinite prices; token_limit = true
    ('["gpt-4o-mini-2024-07-18".fine_tuned]\noutput = nan\n',
     "[gpt-4o-mini-2024-07-18.fine_tuned] output must be a number >= 0 (dollars per 1M "
     "output tokens), not nan"),
    ('["gpt-4o-mini-2024-07-18".training]\nper_1m = -3.0\n',
     "[gpt-4o-mini-2024-07-18.training] per_1m must be a number >= 0 (dollars per 1M "
     "trained tokens), not -3.0"),
    ('["llama-3-8b-qlora".training]\ngpu_hourly_high = inf\n',
     "gpu_hourly_high must be a number >= 0 (dollars per GPU-hour), not inf"),
    ('["gpt-4o-mini-2024-07-18"]\ntoken_limit = true\n',
     "[gpt-4o-mini-2024-07-18] token_limit must be a whole number > 0 (tokens per training "
     "example), not true"),
    ('["gpt-4o-mini-2024-07-18"]\ntoken_limit = 1.5\n', "token_limit must be a whole number"),
    ('["gpt-4o-mini-2024-07-18".cache]\nmin_tokens = 0\n',
     "[gpt-4o-mini-2024-07-18.cache] min_tokens must be a whole number > 0, not 0"),
    ('["gpt-4o-mini-2024-07-18".base]\nas_of = "2025-13-01"\n',
     "as_of must be a date YYYY-MM-DD, such as 2025-08-10, not '2025-13-01'"),
    ('["gpt-4o-mini-2024-07-18".base]\nas_of = "last week"\n', "not 'last week'"),
    ('["gpt-4o-mini-2024-07-18"]\nencoding = "gpt2"\n',
     "encoding must be one of o200k_base, cl100k_base, not 'gpt2'"),
    ('["gpt-4o-mini-2024-07-18"]\nbase = 3\n',
     "[gpt-4o-mini-2024-07-18] `base` must be a table [gpt-4o-mini-2024-07-18.base], not 3"),
    ('["llama-3-8b-lora".training]\nthroughput_low = 5000\n',
     "throughput_low (5000) is above throughput_high (3200); swap them"),
    ('["gpt-4o-mini-2024-07-18".fine_tuned]\nhosting_per_hour = 1.0\ninput = 0.1\n',
     "gives both hosting_per_hour and per-token prices; keep one"),
    ('["x"]\nprovider = "trl"\nencodng = "o200k_base"\n', "[x] has unknown field `encodng`"),
    ('["gpt-4o-mini-2024-07-18"]\ntraining_per_1m = 2.5\n',
     "`training_per_1m` is no longer a key: prices are in tables now; write per_1m in "
     "[gpt-4o-mini-2024-07-18.training]"),
])
def test_a_bad_field_names_file_table_key_and_range(tmp_path: Path, text: str,
                                                    message: str) -> None:
    user = _user(tmp_path, text)
    with pytest.raises(TargetError) as caught:
        load_targets(user)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{user}: [")


def test_every_problem_is_listed_once(tmp_path: Path) -> None:
    user = _user(tmp_path, '["gpt-4o-mini-2024-07-18".base]\ninput = -1\noutput = "x"\n\n'
                           '["gpt-4.1-nano"]\ntoken_limit = 0\n')
    with pytest.raises(TargetError) as caught:
        load_targets(user)
    lines = str(caught.value).splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{user}: [") for line in lines)


def test_user_file_merges_key_by_key_and_sources_what_it_changes(tmp_path: Path) -> None:
    user = _user(tmp_path, '["gpt-4o-mini-2024-07-18".training]\nper_1m = 2.5\n\n'
                           '["gpt-4o-mini-2024-07-18".base]\ninput = 0.12\n'
                           'source = "our contract"\nas_of = 2026-01-15\n')
    os.utime(user, (dt.datetime(2026, 3, 4, 12).timestamp(),) * 2)
    mini = load_targets(user)["gpt-4o-mini-2024-07-18"]
    assert mini.training.per_1m == 2.5
    assert (mini.training.source, mini.training.as_of) == (str(user), "2026-03-04")
    assert (mini.base.input, mini.base.output) == (0.12, 0.60)  # type: ignore[union-attr]
    assert (mini.base.source, mini.base.as_of) == ("our contract", "2026-01-15")  # type: ignore
    assert mini.token_limit == 65536 and mini.fine_tuned == load_targets()[
        "gpt-4o-mini-2024-07-18"].fine_tuned


def test_switching_an_open_model_to_a_token_price_drops_its_gpu_time(tmp_path: Path) -> None:
    user = _user(tmp_path, '["llama-3-8b-lora".training]\nper_1m = 0.48\n'
                           'source = "Together SFT LoRA"\nas_of = "2026-05-08"\n\n'
                           '["llama-3-8b-lora".fine_tuned]\ninput = 0.2\noutput = 0.2\n')
    llama = load_targets(user)["llama-3-8b-lora"]
    assert llama.training.per_1m == 0.48 and llama.training.throughput_low is None
    assert llama.fine_tuned is not None and llama.fine_tuned.hosting_per_hour is None
    assert llama.price_note == "$0.48 per 1M training tokens"


def test_a_new_model_needs_no_source_of_its_own(tmp_path: Path) -> None:
    user = _user(tmp_path, NEW + "[gpt-x.training]\nper_1m = 1\n")
    target = load_targets(user)["gpt-x"]
    assert target.training.per_1m == 1.0 and target.training.source == str(user)
    assert target.base is None and target.exact_tokens
