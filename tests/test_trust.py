"""The property test of trust (issue 7): a clean ledger in any real layout, wording and value
style gives no error, and one planted defect gives exactly its finding at its cell."""

from __future__ import annotations

import pytest

from conftest import check
from ledger_factory import TODAY, build, plant

CLEAN_SEEDS = 300
BATCH = 25
PLANTED_SEEDS = 60


def _errors(report):
    return [(f.code, f.cell, f.message) for file in report.files for f in file.findings if f.severity == "error"]


@pytest.mark.parametrize("start", range(0, CLEAN_SEEDS, BATCH))
def test_clean_ledgers_give_no_error(tmp_path, start):
    for seed in range(start, start + BATCH):
        ledger = build(seed, tmp_path)
        report = check(ledger.path, today=TODAY)
        assert _errors(report) == [], f"seed {seed}"
        sheet = report.files[0].sheets[0]
        assert (sheet.kind, sheet.rows) == (ledger.kind, len(ledger.people)), f"seed {seed}"


@pytest.mark.parametrize("seed", range(PLANTED_SEEDS))
def test_a_planted_defect_is_found_at_its_cell(tmp_path, seed):
    ledger = build(1000 + seed, tmp_path)
    code, cell = plant(ledger, seed)
    report = check(ledger.path, today=TODAY)
    assert [(c, at) for c, at, _ in _errors(report)] == [(code, cell)]
