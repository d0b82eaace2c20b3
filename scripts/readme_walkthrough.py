"""Run the README's deployment, cron and report steps as written, in a scratch folder.

Every ```console block of README.md is run in order: each `$ ` line is one command, and the
lines after it are what it must print (each word of each line must appear in its output; a line
with "……" or "..." is left out). `/opt/` and `/srv/` become folders of the scratch folder, where
`talentledger` is this repository. A command fails the walkthrough when it exits non-zero.

Then the ```crontab line runs the way cron runs it: `env -i`, cron's PATH, the home folder as
working folder, /bin/sh. A ledger is put in the inbox first (old enough to be taken), and the
run must archive it, write the reports and print nothing.

CI runs this after the tests (.ci/run). Usage: python3 scripts/readme_walkthrough.py [--keep]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CRON_PATH = "/usr/bin:/bin"  # what cron gives a job (Debian's and most crons' default)
SKIPPED_OUTPUT = ("……", "...")


def blocks(readme: str, language: str) -> list[list[str]]:
    """The lines of every fenced block of `language`."""
    found, current = [], None
    for line in readme.splitlines():
        if current is None and line.strip() == f"```{language}":
            current = []
        elif current is not None and line.strip() == "```":
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def steps(readme: str) -> list[tuple[str, list[str]]]:
    """(command, the output lines the README shows for it) for every console block."""
    found: list[tuple[str, list[str]]] = []
    for block in blocks(readme, "console"):
        for line in block:
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found and line.strip():
                found[-1][1].append(line)
    return found


def cron_command(readme: str) -> str:
    """The command of the README's crontab line (the five time fields dropped)."""
    lines = [line for block in blocks(readme, "crontab") for line in block if line.strip()]
    if len(lines) != 1:
        raise SystemExit(f"README should have one crontab line, found {len(lines)}")
    return lines[0].split(None, 5)[5]


def relocate(text: str, scratch: Path) -> str:
    return re.sub(r"(?<![\w/])/(opt|srv)/", lambda m: f"{scratch}/{m[1]}/", text)


def run_steps(readme: str, scratch: Path) -> None:
    cwd = scratch
    for command, expected in steps(readme):
        command = relocate(command, scratch)
        print(f"$ {command}", flush=True)
        if command.startswith("cd "):
            cwd = (cwd / command[3:].strip()).resolve()
            continue
        done = subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=900)
        output = done.stdout + done.stderr
        print(output, end="", flush=True)
        if done.returncode != 0:
            raise SystemExit(f"FAILED (exit {done.returncode}): {command}")
        for line in expected:
            if any(mark in line for mark in SKIPPED_OUTPUT):
                continue
            missing = [word for word in relocate(line, scratch).split() if word not in output]
            if missing:
                raise SystemExit(f"FAILED: {command!r} did not print {missing} (README: {line!r})")


def run_cron_line(readme: str, scratch: Path) -> None:
    """The crontab line under cron's conditions, with one more ledger waiting in the inbox."""
    county = scratch / "srv" / "三培养"
    ledger = county / "inbox" / "开发区街道_2006_党员培养成人才台帐.csv"
    shutil.copy(REPO / "sample_ledgers" / ledger.name, ledger)
    old = time.time() - 600
    os.utime(ledger, (old, old))
    command = relocate(cron_command(readme), scratch)
    print(f"cron: {command}", flush=True)
    done = subprocess.run(["env", "-i", f"PATH={CRON_PATH}", f"HOME={scratch}", "SHELL=/bin/sh",
                           f"LOGNAME={os.environ.get('USER', 'root')}", "/bin/sh", "-c", command],
                          cwd=scratch, capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or done.stdout or done.stderr:
        raise SystemExit(f"FAILED: the cron line exited {done.returncode} and printed:\n{done.stdout}{done.stderr}")
    if not (county / "archive" / ledger.name).is_file() or ledger.exists():
        raise SystemExit("FAILED: the cron line did not archive the ledger waiting in the inbox")
    reports = sorted(p.name for p in (county / "reports").iterdir())
    if [r for r in reports if "2006" in r] != [f"三培养完成情况_2006年.{f}" for f in ("html", "json", "md", "xlsx")]:
        raise SystemExit(f"FAILED: the cron line's reports are {reports}")


def main() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    scratch = Path(tempfile.mkdtemp(prefix="talentledger-readme-"))
    (scratch / "talentledger").symlink_to(REPO, target_is_directory=True)
    try:
        run_steps(readme, scratch)
        run_cron_line(readme, scratch)
        print(f"README walkthrough passed ({len(steps(readme))} commands and the crontab line)")
    finally:
        if "--keep" in sys.argv:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
