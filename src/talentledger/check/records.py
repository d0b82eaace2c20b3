"""Checked rows as records: each a validated instance of its kind's model (ledger/fields.py)."""

from __future__ import annotations

from typing import Any

from talentledger.check.parse import Row, get
from talentledger.ledger.fields import MODELS, Record, stored_fields
from talentledger.read.layout import Ledger


def to_record(ledger: Ledger, row: Row) -> Record:
    """The typed record of a checked row; values that could not be understood are None."""
    values: dict[str, Any] = {name: get(row, name) for name in stored_fields(ledger.kind)}
    if values.get("township") is None:
        values["township"] = ledger.township
    return MODELS[ledger.kind](source_path=str(ledger.path), source_sheet=ledger.sheet,
                               source_row=row.number, **values)
