"""Two runs at once, as cron and a clerk can start them: on SQLite and on PostgreSQL, two
`ingest` processes and two `batch` processes on the same files never crash, lose or double
anything — including the very first runs on a new database, which race to create the schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import M2T, id_born, write_ledger
from talentledger.store import Store
from talentledger.store.tables import people, submissions

TOWNSHIPS = ["城北镇", "城南镇", "新庄镇", "东港街道", "西山乡", "双河乡"]
TRIALS = 6
RUN = [sys.executable, "-m", "talentledger"]


def _ledgers(folder: Path) -> list[Path]:
    """One member-to-talent ledger per township, three people each, all different."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for t, township in enumerate(TOWNSHIPS):
        rows = [{**M2T, "姓名": f"{township}{n}", "所属镇（街道）": township,
                 "公民身份号码": id_born(1970 + n, 1 + t, 10, serial=10 * t + n), "出生年月": ""} for n in range(3)]
        paths.append(write_ledger(folder / f"{township}_2006.xlsx", rows, title=f"{township}党员培养成人才台帐（2006年度）"))
    return paths


def _both(commands: list[list[str]], cwd: Path) -> list[subprocess.CompletedProcess]:
    processes = [subprocess.Popen(c, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, "TALENTLEDGER_DB": ""}) for c in commands]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=300), *p.communicate()) for p in processes]


def _counts(url: str) -> tuple[int, int, int]:
    store = Store(url)
    with store.engine.connect() as connection:
        current = connection.execute(select(func.count()).select_from(submissions)
                                     .where(submissions.c.state == "current")).scalar()
        every = connection.execute(select(func.count()).select_from(submissions)).scalar()
        rows = connection.execute(select(func.count()).select_from(people)).scalar()
    store.close()
    return current, every, rows


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_ingests_at_once(tmp_path, db_url, trial):
    paths = [str(p) for p in _ledgers(tmp_path / "in")]
    done = _both([[*RUN, "ingest", *paths, "--db", db_url]] * 2, tmp_path)
    for result in done:
        assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    # Each township once, current; the second run found the same content and changed nothing.
    assert _counts(db_url) == (len(TOWNSHIPS), len(TOWNSHIPS), 3 * len(TOWNSHIPS))


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_batches_at_once(tmp_path, db_url, trial):
    subprocess.run([*RUN, "init", str(tmp_path / "county"), "--jurisdiction", "测试县",
                    *(a for t in TOWNSHIPS for a in ("--township", t)), "--year", "2006"],
                   check=True, capture_output=True)
    county = tmp_path / "county"
    inbox = county / "inbox"
    for path in _ledgers(tmp_path / "in"):
        path.rename(inbox / path.name)
        os.utime(inbox / path.name, (0, 0))  # long settled: ready for this run
    done = _both([[*RUN, "batch", "--inbox", str(inbox), "--db", db_url]] * 2, county)
    for result in done:  # one runs; the other runs after it, or gives up at once and says why
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0 or (result.returncode == 2 and "另一个批处理正在" in result.stderr), result.stderr
    archived = sorted(p.name for p in (county / "archive").rglob("*.xlsx"))
    assert archived == sorted(f"{t}_2006.xlsx" for t in TOWNSHIPS), "each file archived once"
    assert _counts(db_url) == (len(TOWNSHIPS), len(TOWNSHIPS), 3 * len(TOWNSHIPS))
