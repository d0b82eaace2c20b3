"""Checked rows become typed records, one pydantic model per sheet kind."""

from __future__ import annotations

from conftest import DATA, TODAY
from talentledger.check import Options, check_paths
from talentledger.check.records import MODELS, TalentToMember, model_fields, to_record
from talentledger.ledger.fields import stored_fields
from talentledger.ledger.values import LedgerDate


def test_models_match_the_schema_table():
    for kind, model in MODELS.items():
        assert model_fields(kind) == set(stored_fields(kind)), model.__name__


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
