"""sample_ledgers/: regenerated identically from its seed, clean except the planted problems."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from talentledger.check import Options, check_paths, collect_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_ledgers"

# Every planted problem of sample_ledgers/README.md, as (file, cell or row, code).
PLANTED = {
    ("东港街道_2006_党员培养成人才台帐.xlsx", "D4", "duplicate_across_files"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "D4", "id_stored_as_number"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "D5", "id_invalid"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "C6", "id_mismatch_gender"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "M7", "invalid_date"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "J8", "invalid_value"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "P9", "required"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "Q10", "few_trainings"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "D12", "duplicate_in_file"),
    ("城东镇_2006_党员培养成人才台帐.xlsx", "D13", "duplicate_across_files"),
    ("城东镇_2006_人才培养成党员台帐.xlsx", "N4", "stage_mismatch"),
    ("城东镇_2006_人才培养成党员台帐.xlsx", "K5", "too_soon"),
    ("城东镇_2006_人才培养成党员台帐.xlsx", "I6", "underage"),
    ("城东镇_2006_党员人才培养成干部台帐.xlsx", "D4", "not_a_member"),
    ("城东镇_2006_党员人才培养成干部台帐.xlsx", "N5", "required"),
    ("城东镇_2006_党员人才培养成干部台帐.xlsx", "O5", "stage_mismatch"),
    ("损坏的文件.xlsx", None, "unreadable_file"),
}


def found(folder: Path) -> set[tuple[str, str | None, str]]:
    report = check_paths(collect_paths([str(folder)]), Options(today=dt.date(2026, 11, 23)))
    return {(Path(file.path).name, f.cell, f.code) for file in report.files for f in file.findings}


def test_committed_samples_hold_exactly_the_planted_problems():
    assert found(SAMPLES) == PLANTED


def test_readme_lists_every_planted_problem():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name, cell, code in PLANTED:
        assert f"`{code}`" in readme and name in readme
        if cell:
            assert cell in readme


def test_generator_is_seeded_and_reproduces_the_samples(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_samples as module
    module.build_city(tmp_path / "city")
    assert found(tmp_path / "city") == PLANTED
    names = sorted(p.relative_to(tmp_path / "city").as_posix() for p in (tmp_path / "city").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*")
                       if p.is_file() and p.name != "README.md")
    assert names == committed
    townships = {Path(n).name.split("_")[0] for n in names if "_2006_" in n}
    assert len(townships) >= 8


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "talentledger check sample_ledgers/" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
