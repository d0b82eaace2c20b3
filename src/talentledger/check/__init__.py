"""Checking ledgers: every problem becomes a `Finding` at the cell a clerk would click."""

from talentledger.check.parse import Options, Row
from talentledger.check.run import CheckReport, FileReport, SheetReport, check_paths, collect_paths

__all__ = ["CheckReport", "FileReport", "Options", "Row", "SheetReport", "check_paths", "collect_paths"]
