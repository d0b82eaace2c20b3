"""Aggregating the store into one report model and rendering it in every format."""

from talentledger.report.aggregate import build_report, default_as_of, elapsed_share
from talentledger.report.model import Report
from talentledger.report.render import FORMATS, default_name, write_report

__all__ = ["FORMATS", "Report", "build_report", "default_as_of", "default_name", "elapsed_share", "write_report"]
