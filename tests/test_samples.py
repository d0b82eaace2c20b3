"""sample_ledgers/: regenerated identically from its seed, clean except the planted problems."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from talentledger.check import Options, check_paths, collect_paths
from talentledger.jobs.ingest import ingest_paths
from talentledger.report.quality import assess_store
from talentledger.store import Store

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


# What `talentledger assess --year 2006` finds in the top folder's ledgers: the cases planted in
# 石桥镇's 人才培养成党员 ledger (sample_ledgers/README.md) and nothing else. By (code, 所在党组织):
# the people of the evidence, each as (name, row) of that ledger.
QUALITY_LEDGER = ("石桥镇_2006_人才培养成党员台帐.xlsx", "人才培养成党员")
BURST = {("邱斌", 11), ("沈勇磊", 12), ("谢波玉", 13), ("史斌", 14), ("余斌建", 15)}
PLANTED_QUALITY = {
    ("family_cluster", "石桥镇李家村党支部"): {("李红军", 4), ("李林", 5), ("李静平", 6), ("李涛波", 7)},
    ("burst_intake", "石桥镇河口村党支部"): BURST,      # 5 received on 2006-12-26
    ("burst_intake", None): BURST,                     # the same 5 are 5 of the township's 9 of 2006
    ("introducer_not_full_member", "石桥镇王庄村党支部"): {("蒋勇", 18), ("钱亮", 17)},
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


@pytest.fixture(scope="module")
def assessment(tmp_path_factory):
    """The 2006 assessment of the top folder's ledgers, ingested into a new SQLite store."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('assess') / 'ledgers.db'}")
    try:
        paths = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv"))
        result = ingest_paths(paths, store, Options(today=dt.date(2026, 11, 23)))
        assert result.rejected == [] and len(result.files) == len(paths) == 28
        return assess_store(store, 2006)
    finally:
        store.close()


def test_assess_finds_exactly_the_planted_quality_cases(assessment):
    assert {(a.code, a.township) for a in assessment.alerts} == {
        ("family_cluster", "石桥镇"), ("burst_intake", "石桥镇"), ("introducer_not_full_member", "石桥镇")}
    assert {(a.code, a.organization) for a in assessment.alerts} == set(PLANTED_QUALITY)


def test_planted_people_are_the_evidence_where_the_ledger_has_them(assessment):
    for alert in assessment.alerts:
        evidence = alert.people
        assert {(e.file, e.sheet) for e in evidence} == {QUALITY_LEDGER}, alert.code
        assert {(e.name, e.row) for e in evidence} == PLANTED_QUALITY[(alert.code, alert.organization)], alert.code
    family = next(a for a in assessment.alerts if a.code == "family_cluster")
    assert [e.name for e in family.people if "李德明" in e.note] == ["李林"]
    introducer = next(a for a in assessment.alerts if a.code == "introducer_not_full_member")
    assert "钱亮" in introducer.message and introducer.subject.startswith("蒋勇|2006-09-21|")


def test_readme_lists_the_planted_quality_cases():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for code, organization in PLANTED_QUALITY:
        assert f"`{code}`" in readme and (organization is None or organization in readme)
    for people in PLANTED_QUALITY.values():
        assert all(name in readme for name, _ in people)
