"""sample_ledgers/: regenerated identically from its seed, clean except the planted problems;
three years of the same people, whose histories agree but for the two planted contradictions."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from talentledger.check import Options, check_paths, collect_paths
from talentledger.jobs.ingest import ingest_paths
from talentledger.report.person import find_person
from talentledger.report.quality import assess_store
from talentledger.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_ledgers"

# Every planted problem of sample_ledgers/README.md, as (file, cell or row, code).
PLANTED = {
    # The person 城东镇's 2006 ledger borrows: only 东港街道's ledger of the same year is a duplicate
    # (its 2005 and 2007 ledgers list them too, in years 城东镇 does not).
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
    townships = {Path(n).name.split("_")[0] for n in names if "_2006_" in n and "/" not in n}
    assert len(townships) == 10
    for year in (2005, 2007):  # every township's ledgers of each year, in the layout of its 2006 ones
        assert sorted(n.replace("_2006_", f"_{year}_") for n in names if "_2006_" in n and "/" not in n) == sorted(
            n for n in names if f"_{year}_" in n)


def test_the_top_folder_of_every_year_is_clean():
    report = check_paths(collect_paths([str(p) for p in ledgers()]), Options(today=dt.date(2026, 11, 23)))
    assert len(report.files) == 80
    assert [(Path(f.path).name, x.cell, x.code) for f in report.files for x in f.findings] == []


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "talentledger check sample_ledgers/" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def ledgers(year: int | None = None) -> list[Path]:
    """The top folder's files (of `year`'s ledgers, with the targets and the roster)."""
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv")
                  and (year is None or f"_{year}_" in p.name or "2005-2007" in p.name))


def ingested(folder: Path, paths: list[Path]) -> Store:
    store = Store(f"sqlite:///{folder / 'ledgers.db'}")
    result = ingest_paths(paths, store, Options(today=dt.date(2026, 11, 23)))
    assert result.rejected == [] and len(result.files) == len(paths)
    return store


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """Every ledger of the top folder, 2005–2007, ingested into a new SQLite store."""
    paths = ledgers()
    assert len(paths) == 80  # 26 ledger files a year (two townships send one workbook), targets, roster
    store = ingested(tmp_path_factory.mktemp("city"), paths)
    yield store
    store.close()


@pytest.fixture(scope="module")
def assessment(tmp_path_factory):
    """The 2006 assessment of the top folder's 2006 ledgers, ingested into a new SQLite store."""
    paths = ledgers(2006)
    assert len(paths) == 28
    store = ingested(tmp_path_factory.mktemp("assess"), paths)
    try:
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


# The whole city over three years, person by person (sample_ledgers/README.md names them).
CLIMBER = ("黎宇", "东港街道", "320612198308106717")        # 2005 预备党员, 2006 正式, 2007 talent and 后备干部
DATE_WRITTEN_DIFFERENTLY = ("杨芳秀", "新庄镇", "32068419700114023X")  # received 2006-05-26, or 2006-06-26 in 2007
BACK_IN_CULTIVATION = ("赵强鹏", "城南街道", "320623195708188315")    # 已成才 in 2006, 培养中 in 2007
LADDER = {  # a few people of two tracks: 2006's new members now talents, 2006's talents now 后备干部
    ("向辉", "东港街道", "320681198109283596"): {"talent-to-member", "member-to-talent"},
    ("唐平", "城南街道", "320682197608092673"): {"talent-to-member", "member-to-talent"},
    ("赵红丽", "石桥镇", "320602198003123222"): {"talent-to-member", "member-to-talent"},
    ("武刚云", "东港街道", "320611195607164909"): {"member-to-talent", "talent-to-cadre"},
    ("石娟強", "白塔镇", "320682196605263241"): {"member-to-talent", "talent-to-cadre"},  # 白塔镇 writes traditional
}


def person(store: Store, who: tuple[str, str, str]):
    name, township, id_number = who
    found = find_person(store, id_number, mask_ids=False)
    assert [(p.name, p.townships, p.id_number) for p in found.people] == [(name, [township], id_number)]
    return found.people[0]


def test_the_climber_is_in_every_track_and_year(city):
    climber = person(city, CLIMBER)
    assert {(r.year, r.kind) for r in climber.rows} == {
        (2005, "talent-to-member"), (2006, "talent-to-member"), (2007, "member-to-talent"), (2007, "talent-to-cadre")}
    sources = {source.split(" 第")[0] for step in climber.timeline for source in step.sources}
    assert sources == {"2005年 人才培养成党员", "2006年 人才培养成党员", "2007年 党员培养成人才", "2007年 党员人才培养成干部"}
    events = [(step.day, step.event) for step in climber.timeline]
    assert events.index(("2005-08-08", "接收为预备党员")) < events.index(("2006-09-25", "转为正式党员")) \
        < events.index(("2007-12", "列为后备干部"))
    # 入党时间 = 接收为预备党员时间; the cadre ledger's month (2005-08) joins the day the other gives.
    joined = next(step for step in climber.timeline if (step.day, step.event) == ("2005-08-08", "入党"))
    assert {s.split(" 第")[0] for s in joined.sources} == {"2007年 党员培养成人才", "2007年 党员人才培养成干部"}
    assert ("2005-08", "入党") not in events
    assert {e for _, e in events} >= {"确定培养", "成才认定"}
    assert climber.contradictions == []


def test_the_two_planted_contradictions_are_found(city):
    changed = person(city, DATE_WRITTEN_DIFFERENTLY)
    assert [c.field for c in changed.contradictions] == ["接收为预备党员时间"]
    assert "2006-05-26（2006年" in changed.contradictions[0].message
    assert "2006-06-26（2007年" in changed.contradictions[0].message
    back = person(city, BACK_IN_CULTIVATION)
    assert [c.field for c in back.contradictions] == ["培养状态"]
    assert "已成才（2006年" in back.contradictions[0].message and "培养中（2007年" in back.contradictions[0].message


def test_the_ladder_people_span_the_years_without_contradictions(city):
    for who, kinds in LADDER.items():
        found = person(city, who)
        assert {r.kind for r in found.rows} == kinds and {r.year for r in found.rows} == {2005, 2006, 2007}, who
        assert found.contradictions == [], who


def test_no_one_else_has_a_contradiction(city):
    from sqlalchemy import select

    from talentledger.store.tables import current, people

    with city.engine.connect() as connection:
        numbers = sorted(connection.execute(select(people.c.id_number).select_from(current(people)).distinct()).scalars())
    contradicted = {(p.name, p.id_number) for number in numbers
                    for p in find_person(city, number, mask_ids=False).people if p.contradictions}
    assert contradicted == {(DATE_WRITTEN_DIFFERENTLY[0], DATE_WRITTEN_DIFFERENTLY[2]),
                            (BACK_IN_CULTIVATION[0], BACK_IN_CULTIVATION[2])}
    assert len(numbers) > 450



def test_readme_names_the_people_to_look_at():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    shown = [who for who in LADDER if who[0] in ("向辉", "武刚云", "石娟強")]
    for name, township, id_number in (CLIMBER, DATE_WRITTEN_DIFFERENTLY, BACK_IN_CULTIVATION, *shown):
        assert f"{name}（{township}）" in readme and id_number in readme, name

# What assess finds over all three years, counting each person once: 李家村's family in every
# year's window (2003–2005: three of five; 2005–2007: four of seven) and 2006's planted cases,
# nothing else (no_recruitment is judged only where the 人才培养成党员 ledgers name the 党支部).
OVER_THE_YEARS = {
    2005: {("family_cluster", "石桥镇李家村党支部"): ["李林", "李红军", "李静平"]},
    2006: {key: sorted(name for name, _ in people) for key, people in PLANTED_QUALITY.items()},
    2007: {("family_cluster", "石桥镇李家村党支部"): ["李林", "李涛波", "李红军", "李静平"]},
}


@pytest.mark.parametrize("year", sorted(OVER_THE_YEARS))
def test_assess_over_the_three_years_finds_only_the_planted_cases(city, year):
    def evidence(alert) -> list[str]:
        """The people of the alert, each once (an introducer may show every row of theirs)."""
        introducers = {e.name for e in alert.people if "介绍人本人" in e.note}
        return sorted([e.name for e in alert.people if "介绍人本人" not in e.note] + sorted(introducers))

    alerts = assess_store(city, year).alerts
    assert sorted((a.code, a.organization or "", evidence(a)) for a in alerts) == sorted(
        (code, organization or "", names) for (code, organization), names in OVER_THE_YEARS[year].items())
