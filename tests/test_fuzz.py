"""The hostile corpus (tests/hostile/mutate.py): 2,000 mutants of real ledgers, each checked in
its own forked process with a time and a memory bound. Every one must end in findings — no
traceback, none over 5 seconds, none growing the process by 512 MiB."""

from __future__ import annotations

import os
import resource
import signal
import time
import traceback
from pathlib import Path

from conftest import TODAY
from hostile.mutate import SOURCES, corpus
from talentledger.check import Options, check_paths

MUTANTS = 2000
SECONDS = 5
MIB = 1024 * 1024
GROWTH_LIMIT = 512 * MIB
WORKERS = 2


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()


def _child(path: Path, report: Path) -> None:
    """Check one file; exit 0 when the check ended in a result, 1 (writing the traceback) if not."""
    signal.alarm(SECONDS * 4)  # a hang is killed and counted as over time
    try:
        result = check_paths([path], Options(today=TODAY))
        assert result.files and result.files[0].path == str(path)
        os._exit(0)
    except BaseException:
        report.write_text(traceback.format_exc(), encoding="utf-8")
        os._exit(1)


def test_two_thousand_mutants_end_in_findings(tmp_path):
    assert len(SOURCES) >= 10
    # Load every reader once, so that a child's growth is what its file costs.
    check_paths(SOURCES[:3], Options(today=TODAY))
    base = _rss()
    running: dict[int, tuple[str, float]] = {}
    failures, slow, heavy, slowest, heaviest = [], [], [], 0.0, 0

    def reap() -> None:
        nonlocal slowest, heaviest
        pid, status, usage = os.wait4(-1, 0)
        name, started = running.pop(pid)
        seconds, growth = time.monotonic() - started, usage.ru_maxrss * 1024 - base
        slowest, heaviest = max(slowest, seconds), max(heaviest, growth)
        if status != 0:
            report = tmp_path / f"{name}.traceback"
            failures.append((name, report.read_text(encoding="utf-8") if report.exists() else f"status {status}"))
        if seconds > SECONDS:
            slow.append((name, round(seconds, 1)))
        if growth > GROWTH_LIMIT:
            heavy.append((name, growth // MIB))
        (tmp_path / name).unlink(missing_ok=True)

    for name, data in corpus(MUTANTS):
        while len(running) >= WORKERS:
            reap()
        path = tmp_path / name
        path.write_bytes(data)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(path, tmp_path / f"{name}.traceback")
        running[pid] = (name, started)
    while running:
        reap()
    print(f"\n{MUTANTS} mutants: slowest {slowest:.2f} s, largest growth {heaviest / MIB:.0f} MiB")
    assert failures == [], [(n, t.strip().splitlines()[-1]) for n, t in failures[:20]]
    assert slow == [] and heavy == [], (slow[:5], heavy[:5])
