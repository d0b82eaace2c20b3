"""Reading submitted files: from bytes on disk to sheets of rows with known columns."""

from talentledger.read.files import RawSheet, Unreadable, open_sheets
from talentledger.read.layout import Ledger, read_ledgers

__all__ = ["Ledger", "RawSheet", "Unreadable", "open_sheets", "read_ledgers"]
