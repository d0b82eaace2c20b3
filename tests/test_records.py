"""Checked rows become typed records, one pydantic model per sheet kind."""

from __future__ import annotations

from conftest import DATA, TODAY
from talentledger.check import Options, check_paths
from talentledger.check.records import to_record
from talentledger.ledger.fields import MODELS, SHEET_FIELDS, TRACKS, TalentToMember, columns_of, description
from talentledger.ledger.values import LedgerDate
from talentledger.output.blank_ledger import fields_of
from talentledger.store.tables import people, roster, targets


def test_every_stage_reads_its_columns_from_the_models():
    """The reader's fields, the store's columns and the template's columns are the models'."""
    for kind, model in MODELS.items():
        columns = columns_of(kind)
        assert [(s.name, s.header) for s in SHEET_FIELDS[kind][1:]] == [(n, c.header) for n, c in columns.items()]
        assert [s.name for s in fields_of(kind)][1:] == [n for n, c in columns.items() if c.in_template]
        table = people if kind in TRACKS else {"targets": targets, "roster": roster}[kind.value]
        assert set(columns) <= set(table.c.keys()), model.__name__


def test_rule_parameters_reach_the_template():
    """The training minimum and the one-year gaps are said where the rules read them."""
    assert "每年不少于4次" in description(MODELS[TRACKS[0]].kind, "trainings")
    assert "每年不少于2次" in description(TalentToMember.kind, "trainings")
    assert "距确定为入党积极分子须满1年" in description(TalentToMember.kind, "candidate_date")


def test_fixture_rows_become_records():
    records = []
    check_paths([DATA / "donggang_2006_traditional.xls"], Options(today=TODAY),
                on_row=lambda ledger, row: records.append(to_record(ledger, row)))
    assert len(records) == 6
    first = records[0]
    assert isinstance(first, TalentToMember)
    assert (first.name, first.township, first.stage, first.sector) == ("黄玉", "东港街道", "入党积极分子", "社区")
    assert first.activist_date == LedgerDate(2003, 6)
    assert first.application_date == LedgerDate(2003, 2, 10)
    assert (first.source_sheet, first.source_row) == ("人才培養成黨員", 5)
    assert records[3].candidate_date == LedgerDate(2004, 12, 30)


def test_the_stages_offered_are_the_stages_the_dates_mark():
    from talentledger.ledger.fields import STAGE, STAGE_DATES
    assert tuple(stage for stage, _ in STAGE_DATES) == STAGE.choices
