"""Ingesting checked ledgers: the same checks as `check`, then each accepted file's
submissions supersede older ones in one transaction per file. Which of two ledgers is newer is
decided by the date the ledger gives (填报日期), not by when it arrived; content seen before
changes nothing; refused ledgers are recorded for the report's 已退回.

Rows are spilled to a temporary folder while the files are checked (so each file is read
once and memory stays flat), and written to the database only once the checks across all
files of the run have passed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from talentledger.check import CheckResult, FileResult, Options, Row, check_paths
from talentledger.ledger.errors import ExitCode
from talentledger.ledger.fields import KIND_TITLES, MODELS, SHEET_FIELDS, TRACKS, Kind, ValueType
from talentledger.ledger.findings import Severity, make_finding
from talentledger.ledger.provenance import REPORTED_BY_FILE, REPORTED_BY_INGEST, REPORTED_BY_LEDGER
from talentledger.ledger.townships import WHOLE_JURISDICTION
from talentledger.read.files import workbook_date
from talentledger.read.layout import Ledger
from talentledger.store import Store, Submission, SubmissionKey

_FLUSH = 1000
_DATES = {kind: [s.name for s in SHEET_FIELDS[kind] if s.type is ValueType.DATE] for kind in SHEET_FIELDS}


class Action(StrEnum):
    INSERTED = "inserted"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"    # the same sheet of the same file as the current submission
    KNOWN = "known"            # the same as a submission it was replaced by, or one withdrawn
    OLDER = "older"            # dated before the current submission: a newer one is kept


@dataclass
class SubmissionOutcome:
    key: SubmissionKey
    sheet: str
    rows: int
    action: Action
    reported_on: dt.date | None = None
    reported_by: str = ""
    kept: Submission | None = None  # the current submission when this one was not stored


@dataclass
class FileOutcome:
    path: str
    accepted: bool
    submissions: list[SubmissionOutcome] = field(default_factory=list)


@dataclass
class IngestResult:
    check: CheckResult
    files: list[FileOutcome]

    @property
    def rejected(self) -> list[FileOutcome]:
        return [f for f in self.files if not f.accepted]

    @property
    def exit_code(self) -> ExitCode:
        """2 when no file was readable, 1 when any file was rejected, else 0."""
        if self.files and not any(f.readable for f in self.check.files):
            return ExitCode.USAGE
        return ExitCode.FINDINGS if self.rejected else ExitCode.OK


@dataclass(frozen=True)
class _Group:
    """The rows of one sheet that form one submission."""

    path: str
    sheet: str
    kind: Kind
    township: str | None
    year: int | None
    # The sheet as read, for its 填报日期 (known only after its footer): not part of the key.
    ledger: Ledger = field(compare=False, hash=False, repr=False)


class _Spill:
    """Rows of each group pickled in batches to a temporary file, read back once.

    The files hold names and full ID numbers. Each is made already unlinked (`TemporaryFile`:
    O_TMPFILE, or removed at once), readable by the owner only, so a run killed at any point
    leaves nothing behind to clean up: the system frees the space when the process ends."""

    def __init__(self) -> None:
        self.files: dict[_Group, BinaryIO] = {}
        self.buffers: dict[_Group, list[dict]] = defaultdict(list)
        self.counts: dict[_Group, int] = defaultdict(int)

    def add(self, group: _Group, row: dict) -> None:
        buffer = self.buffers[group]
        buffer.append(row)
        self.counts[group] += 1
        if len(buffer) >= _FLUSH:
            self._flush(group)

    def _flush(self, group: _Group) -> None:
        if group not in self.files:
            self.files[group] = tempfile.TemporaryFile(prefix="talentledger-")
        pickle.dump(self.buffers[group], self.files[group], protocol=pickle.HIGHEST_PROTOCOL)
        self.buffers[group] = []

    def rows(self, group: _Group) -> Iterator[dict]:
        if group in self.files:
            handle = self.files[group]
            handle.seek(0)
            while True:
                try:
                    yield from pickle.load(handle)  # our own file, written above
                except EOFError:
                    break
        yield from self.buffers[group]

    def groups_of(self, path: str) -> list[_Group]:
        return [g for g in self.counts if g.path == path]

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def ingest_paths(paths: list[Path], store: Store, options: Options, year: int | None = None) -> IngestResult:
    """Check `paths` together, then store every file without errors; return what happened."""
    spill = _Spill()
    try:
        report = check_paths(paths, options, on_row=lambda ledger, row: _keep(spill, ledger, row, year))
        outcomes = [_store_file(file, spill, store) for file in report.files]
    finally:
        spill.close()
    return IngestResult(report, outcomes)


def _keep(spill: _Spill, ledger: Ledger, row: Row, year: int | None) -> None:
    """Spill a checked row as the row to store: a validated record of its kind's model, kept as
    its plain fields (every row has every key), with dates as the ledger wrote them."""
    if ledger.kind is Kind.UNKNOWN:
        return
    values = row.values if row.values.get("township") is not None else {**row.values, "township": ledger.township}
    record = MODELS[ledger.kind](source_path=str(ledger.path), source_sheet=ledger.sheet, source_row=row.number,
                                 **values)
    data: dict[str, Any] = dict(record.__dict__)  # the validated fields, without another dump
    del data["source_path"], data["source_sheet"]
    for name in _DATES[ledger.kind]:
        value = data[name]
        if value is not None:
            data[name] = str(value)  # at the ledger's precision: "2006-03" or "2006-03-05"
    if ledger.kind in TRACKS:
        data["kind"] = ledger.kind.value
        data["birth_date"] = row.person.birth if row.person else None
        group = _Group(str(ledger.path), ledger.sheet, ledger.kind, data["township"], year or ledger.year, ledger)
    else:
        data["township"] = data["township"] or ""
        group = _Group(str(ledger.path), ledger.sheet, ledger.kind, WHOLE_JURISDICTION, data.get("year"), ledger)
    spill.add(group, data)


def _store_file(file: FileResult, spill: _Spill, store: Store) -> FileOutcome:
    groups = spill.groups_of(file.path)
    for sheet in {g.sheet for g in groups if g.year is None}:
        file.findings.append(make_finding("year_undetermined", path=file.path, sheet=sheet))
    _same_submission_twice(file, groups)
    digest = file_hash(Path(file.path)) if groups else ""
    if not file.readable or any(f.severity is Severity.ERROR for f in file.findings):
        _record_rejection(file, groups, digest, store)
        return FileOutcome(file.path, accepted=False)
    outcome = FileOutcome(file.path, accepted=True)
    saved = functools.cache(lambda: workbook_date(Path(file.path)))  # read once, only if a sheet needs it
    with store.transaction() as connection:
        for group in groups:
            key = SubmissionKey(group.township or "", group.kind.value, group.year)
            reported_on, reported_by = _order_date(group.ledger, saved)
            submission = Submission(key, Path(file.path).name, digest, group.sheet, spill.counts[group],
                                    reported_on, reported_by)
            action, kept = _decide(store, connection, submission)
            if action in (Action.INSERTED, Action.REPLACED):
                store.supersede(connection, submission, spill.rows(group))
            outcome.submissions.append(SubmissionOutcome(key, group.sheet, spill.counts[group], action,
                                                         reported_on, reported_by, kept))
    return outcome


def _decide(store: Store, connection, submission: Submission) -> tuple[Action, Submission | None]:
    """What a new submission does to its key (README, ingest): content seen before changes nothing; a
    ledger dated before the current one changes nothing; otherwise it becomes the current one
    (a later arrival with the same date is taken as the correction)."""
    current = store.find(connection, submission.key)
    seen = store.find_content(connection, submission.key, submission.file_hash, submission.sheet)
    if seen is not None:
        return (Action.UNCHANGED if current is not None and seen.id == current.id else Action.KNOWN), current
    if current is None:
        return Action.INSERTED, None
    if submission.reported_on < current.reported_on:
        return Action.OLDER, current
    return Action.REPLACED, None


def _order_date(ledger: Ledger, saved: Callable[[], dt.date | None]) -> tuple[dt.date, str]:
    """The date that orders a submission: its 填报日期, else the date the workbook says it was
    saved (`saved()`), else today (the day of ingest)."""
    if ledger.reported_on is not None:
        return ledger.reported_on, REPORTED_BY_LEDGER
    if saved() is not None:
        return saved(), REPORTED_BY_FILE
    return dt.date.today(), REPORTED_BY_INGEST


def _record_rejection(file: FileResult, groups: list[_Group], digest: str, store: Store) -> None:
    """Remember a refused ledger under each key it would have filled, for 已退回 in reports."""
    errors = sum(1 for f in file.findings if f.severity is Severity.ERROR)
    for group in groups:
        if group.township and group.year is not None:
            store.record_rejection(SubmissionKey(group.township, group.kind.value, group.year),
                                   Path(file.path).name, digest, errors)


def _same_submission_twice(file: FileResult, groups: list[_Group]) -> None:
    """Two sheets of one file that would be the same submission would replace each other."""
    first: dict[tuple, str] = {}
    for group in groups:
        key = (group.township, group.kind, group.year)
        if key in first and first[key] != group.sheet:
            file.findings.append(make_finding(
                "duplicate_submission", path=file.path, sheet=group.sheet, other=first[key],
                township=group.township or "", kind=KIND_TITLES[group.kind], year=group.year))
        first.setdefault(key, group.sheet)


def file_hash(path: Path) -> str:
    """SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
