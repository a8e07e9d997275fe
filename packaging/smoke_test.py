"""Prove the packaged app works with no network: run from the repository after building.

    python3 packaging/smoke_test.py [dist/curator]

1. The frozen ``curator-cli validate`` checks the bundled sample with the network cut off
   (``unshare -n`` on Linux) and reports what the installed package reports.
2. The frozen ``curator --self-test`` starts offscreen, opens the sample, checks it, exits 0.
Anything on stderr fails the test, except the offscreen platform's one notice below.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Qt's offscreen platform says this about every window it cannot resize natively
EXPECTED_STDERR = ("This plugin does not support propagateSizeHints()",)


def offline(command: list[str]) -> list[str]:
    """The command with the network unavailable, where the system can do that."""
    unshare = shutil.which("unshare")
    if sys.platform.startswith("linux") and unshare and subprocess.run(
            [unshare, "-n", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-n", *command]
    print("smoke test: cannot cut the network here (no unshare -n); running as is")
    return command


def unexpected(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(ok in line for ok in EXPECTED_STDERR)]


def run(command: list[str], env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(offline(command), capture_output=True, text=True, check=False,
                            env={**os.environ, **(env or {})}, timeout=600)
    if unexpected(result.stderr):
        raise SystemExit(f"smoke test: {command[0]} wrote to stderr:\n{result.stderr}")
    return result


def open_model(cli: Path, sample: Path) -> None:
    """An open model's check: Qwen 2.5's shipped tokenizer and TRL's template (Jinja) load
    from the bundle and give what the installed package gives."""
    result = run([str(cli), "stats", str(sample), "--target", "qwen2.5", "--format", "json"])
    if result.returncode != 0:
        raise SystemExit(f"smoke test: stats --target qwen2.5 exited {result.returncode}: "
                         f"{result.stderr}")
    got = json.loads(result.stdout)
    from curator.core.api import default_settings, finish, validate_path

    frame = finish(validate_path(sample, default_settings(target="qwen2.5"),
                                 only=("tokens",))).metrics
    if got["trained_tokens"] != int(frame["trained"].sum()) or not got["exact"]:
        raise SystemExit("smoke test: the frozen CLI counts Qwen 2.5 differently")
    print(f"curator-cli: Qwen 2.5, {got['trained_tokens']:,} trained tokens (offline)")


def main(bundle: Path) -> None:
    exe = ".exe" if sys.platform == "win32" else ""
    cli, gui = bundle / f"curator-cli{exe}", bundle / f"curator{exe}"
    sample = next(bundle.glob("**/resources/samples/support_chats.jsonl"))
    result = run([str(cli), "validate", str(sample), "--format", "json"])
    if result.returncode != 1:  # the sample has errors: exit 1, like a linter
        raise SystemExit(f"smoke test: curator-cli exited {result.returncode}, expected 1")
    report = json.loads(result.stdout)["files"][0]
    from curator.core.engine.pipeline import finish, validate_path  # the installed package

    want = finish(validate_path(sample)).report
    got = [(f["line"], f["code"], f["message"]) for f in report["findings"]]
    if got != [(f.line, f.code, f.message) for f in want.findings]:
        raise SystemExit("smoke test: the frozen CLI's findings differ from the package's")
    summary = report["summary"]
    print(f"curator-cli: {report['examples']} examples, {summary['errors']} errors, "
          f"{summary['warnings']} warnings, {summary['info']} info (offline)")
    open_model(cli, sample)
    result = run([str(gui), "--self-test"], {"QT_QPA_PLATFORM": "offscreen"})
    if result.returncode != 0 or "self-test ok" not in result.stdout:
        raise SystemExit(f"smoke test: curator --self-test failed ({result.returncode}): "
                         f"{result.stdout}{result.stderr}")
    print(f"curator: {result.stdout.strip()} (offline)")
    size = sum(f.stat().st_size for f in bundle.rglob("*")
               if f.is_file() and not f.is_symlink()) / 1e6
    print(f"bundle: {bundle}, {size:.0f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "dist/curator"))
