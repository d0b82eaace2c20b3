"""Reading submitted files: from bytes on disk to sheets of rows with known columns."""

from talentledger.read.layout import Ledger, read_ledgers
from talentledger.read.workbook import RawSheet, Unreadable, open_sheets

__all__ = ["Ledger", "RawSheet", "Unreadable", "open_sheets", "read_ledgers"]
