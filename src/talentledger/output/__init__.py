"""Showing check results: terminal views, JSON, and annotated workbooks."""
