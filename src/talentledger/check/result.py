"""What a check found: per file, per sheet (how it was read) and per column, with the
summary and the exit code the command line gives for it."""

from __future__ import annotations

from pydantic import BaseModel

from talentledger.ledger.errors import ExitCode
from talentledger.ledger.fields import Kind
from talentledger.ledger.findings import Finding, Severity


class ColumnResult(BaseModel):
    column: str
    header: str
    field: str | None
    canonical: str | None = None  # the standard header of the field it was read as


class SheetResult(BaseModel):
    sheet: str
    kind: Kind
    rows: int = 0
    errors: int = 0
    warnings: int = 0
    township: str | None = None
    year: int | None = None
    hidden: bool = False
    header_rows: list[int] = []
    columns: list[ColumnResult] = []


class FileResult(BaseModel):
    path: str
    readable: bool = True
    sheets: list[SheetResult] = []
    findings: list[Finding] = []

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


class Summary(BaseModel):
    files: int = 0
    rows: int = 0
    errors: int = 0
    warnings: int = 0


class CheckResult(BaseModel):
    files: list[FileResult] = []
    summary: Summary = Summary()

    @property
    def exit_code(self) -> ExitCode:
        """2 when nothing was readable, 1 when any error, else 0."""
        if self.files and not any(f.readable for f in self.files):
            return ExitCode.USAGE
        return ExitCode.FINDINGS if self.summary.errors else ExitCode.OK

    def to_json(self) -> str:
        """The JSON document of `check --format json` (README): findings carry no path, their file says it."""
        return self.model_dump_json(indent=2, exclude={"files": {"__all__": {"findings": {"__all__": {"path"}}}}})
