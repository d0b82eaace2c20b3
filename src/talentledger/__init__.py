"""talentledger: check, keep and report the township ledgers of the 党员人才工程 (三培养)."""

__version__ = "0.1.0"
