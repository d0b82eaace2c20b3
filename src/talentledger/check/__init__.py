"""Checking ledgers: every problem becomes a `Finding` at the cell a clerk would click."""

from talentledger.check.parse import Options, Row
from talentledger.check.result import CheckResult, FileResult, SheetResult
from talentledger.check.run import check_paths, collect_paths

__all__ = ["CheckResult", "FileResult", "Options", "Row", "SheetResult", "check_paths", "collect_paths"]
