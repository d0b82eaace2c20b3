"""Files handed back to townships: annotated copies with their lists of findings, and blank
ledgers."""
