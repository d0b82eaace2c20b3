"""Checking whole files and runs: sheet-level findings, rows, duplicates and cross-file rules."""

from __future__ import annotations

import gc
import glob
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from talentledger.check.parse import Options, Row, RowFlagger, get, repeated_columns, row_parser, unused_columns
from talentledger.check.result import CheckResult, ColumnResult, FileResult, SheetResult, Summary
from talentledger.check.rules import MEMBER_STAGES, RULES
from talentledger.ledger.errors import UsageProblem
from talentledger.ledger.fields import REQUIRED_COLUMNS, TRACKS, Kind, is_instructions
from talentledger.ledger.findings import Severity, column_letter, make_finding
from talentledger.read.files import SPREADSHEET_SUFFIXES, RawSheet, Unreadable, open_sheets
from talentledger.read.layout import Ledger, read_ledgers

RowSink = Callable[[Ledger, Row], None]


def collect_paths(arguments: Iterable[str]) -> list[Path]:
    """Files named by the arguments: files, folders (recursively) and glob patterns."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if _is_candidate(p)))
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(argument):
            matches = sorted(Path(p) for p in glob.glob(argument, recursive=True))
            found.extend(p for p in matches if p.is_file() and _is_candidate(p))
            if not matches:
                raise UsageProblem(f"没有与“{argument}”匹配的文件")
        else:
            raise UsageProblem(f"找不到文件或文件夹“{argument}”")
    unique = list(dict.fromkeys(found))
    if not unique:
        raise UsageProblem("没有找到可检查的表格文件（.xlsx、.xlsm、.xls、.ods、.csv）")
    return unique


def _is_candidate(path: Path) -> bool:
    name = path.name
    return (path.is_file() and path.suffix.lower() in SPREADSHEET_SUFFIXES
            and not name.startswith(("~$", ".~lock", ".")))


class _Seen(NamedTuple):
    """Where a person was met in this run, for the cross-file rules (a tuple: there is one per
    person of the run, so it is kept small)."""

    report: FileResult
    sheet: str
    row: int
    column: str
    township: str | None

    @property
    def place(self) -> str:
        return f"{Path(self.report.path).name} {self.sheet}!{self.column}{self.row}"


@dataclass
class _RunState:
    options: Options
    # (kind, ID) -> where met: one _Seen, or a list once the person is met again.
    # By (kind, ledger year, ID number): a person is in one township's ledger of a kind and year.
    # Another year's ledger may list them elsewhere or further up the ladder.
    by_track: dict[tuple[Kind, int | None, str], _Seen | list[_Seen]] = field(default_factory=dict)
    not_members: dict[tuple[int | None, str], tuple[str, _Seen]] = field(default_factory=dict)


def check_paths(paths: list[Path], options: Options | None = None,
                on_file: Callable[[Path], None] | None = None,
                on_row: RowSink | None = None) -> CheckResult:
    """Check every file, then the rules that look across files; return the whole report."""
    state = _RunState(options or Options())
    report = CheckResult()
    with _rare_collections():
        for path, opened in _opened_in_turn(paths):
            report.files.append(check_file(path, opened, state, on_row))
            del opened  # its cells are no longer needed when the file after next is opened
            if on_file:
                on_file(path)
        _cross_file(state)
    for file in report.files:
        _count(file)
    report.summary = Summary(
        files=len(report.files),
        rows=sum(s.rows for f in report.files for s in f.sheets),
        errors=sum(f.errors for f in report.files),
        warnings=sum(f.warnings for f in report.files),
    )
    return report


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while checking.

    A check makes a few small containers per row and keeps one per person for the cross-file
    rules; with the default thresholds the collector walks all of them again every few
    thousand rows (about a tenth of the run at 200,000 rows). They form no cycles, so
    collecting seldom frees nothing later than before."""
    thresholds = gc.get_threshold()
    gc.set_threshold(20_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _opened_in_turn(paths: list[Path]) -> Iterator[tuple[Path, list[RawSheet] | Unreadable]]:
    """Each file with its sheets (or why it cannot be read), the next file being opened in a
    background thread while the caller checks this one.

    calamine loads a sheet without holding the GIL, so on a second core the next file's load
    costs no time; at most two files are held at once."""
    def attempt(path: Path) -> list[RawSheet] | Unreadable:
        try:
            return open_sheets(path)
        except Unreadable as exc:
            return exc

    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(attempt, paths[0]) if paths else None
        for index, path in enumerate(paths):
            assert ahead is not None
            opened = ahead.result()
            ahead = pool.submit(attempt, paths[index + 1]) if index + 1 < len(paths) else None
            yield path, opened
            del opened


def _readable(ledgers: Iterator[Ledger], report: FileResult) -> Iterator[Ledger]:
    """The ledgers of a file until one cannot even be laid out (its first rows are unreadable):
    that is the file's finding, and the file counts as unreadable."""
    try:
        yield from ledgers
    except Unreadable as exc:
        report.readable = False
        report.findings.append(exc.finding(report.path))


def check_file(path: Path, opened: list[RawSheet] | Unreadable, state: _RunState,
               on_row: RowSink | None = None) -> FileResult:
    """Check one opened file; cross-file rules are gathered in `state` for later."""
    report = FileResult(path=str(path))
    if isinstance(opened, Unreadable):
        report.readable = False
        report.findings.append(opened.finding(str(path)))
        return report
    seen_in_file: dict[tuple[Kind, str], tuple[str, str, int]] = {}
    not_ledgers: list[str] = []  # why each sheet is not a ledger
    for ledger in _readable(read_ledgers(path, opened, state.options.registry), report):
        sheet = SheetResult(sheet=ledger.sheet, kind=ledger.kind, township=ledger.township,
                            year=ledger.year, hidden=ledger.hidden, header_rows=list(ledger.header_rows),
                            columns=[ColumnResult(column=column_letter(c.index), header=c.header,
                                                  field=c.spec.name if c.spec else None,
                                                  canonical=c.spec.header if c.spec else None)
                                     for c in ledger.columns])
        if ledger.empty or is_instructions(ledger.sheet):
            continue
        report.sheets.append(sheet)
        if ledger.kind is Kind.UNKNOWN:
            not_ledgers.append(f"工作表“{ledger.sheet}”：{ledger.kind_reason}")
        flagger = RowFlagger(ledger, state.options)
        try:
            sheet.rows = _check_ledger(ledger, flagger, state, report, seen_in_file, on_row)
        except Unreadable as exc:  # reading the rows; a fault of a rule is not caught
            flagger.findings.append(exc.finding(str(path), ledger.sheet))
        flagger.finish()
        report.findings.extend(flagger.findings)
    if not report.readable:
        return report
    if len(not_ledgers) == len(report.sheets):
        report.findings.append(make_finding(
            "no_ledger", path=str(path), reason="；".join(not_ledgers[:3]) or "所有工作表都是空的"))
    return report


def _check_ledger(ledger: Ledger, f: RowFlagger, state: _RunState, report: FileResult,
                  seen_in_file: dict[tuple[Kind, str], tuple[str, str, int]], on_row: RowSink | None) -> int:
    if ledger.hidden:
        f.findings.append(make_finding("hidden_sheet", path=f.path, sheet=ledger.sheet))
    if ledger.kind is Kind.UNKNOWN:
        f.findings.append(make_finding("unknown_kind", path=f.path, sheet=ledger.sheet, reason=ledger.kind_reason))
        return 0
    _sheet_findings(ledger, f)
    rules = RULES[ledger.kind]
    parse = row_parser(ledger)
    rows = 0
    formula_rows = ledger.formula_rows
    for number, cells in ledger.rows:
        row = parse(number, cells, f)
        if row.empty and number not in formula_rows:
            continue  # nothing but a pre-filled 序号
        rows += 1
        for rule in rules:
            rule(row, f)
        if row.person is not None and ledger.kind in TRACKS:
            _remember(ledger, row, f, state, report, seen_in_file)
        if on_row is not None:
            on_row(ledger, row)
    return rows


def _sheet_findings(ledger: Ledger, f: RowFlagger) -> None:
    header_row = ledger.header_rows[-1] if ledger.header_rows else None
    for col in unused_columns(ledger):
        f.flag_at("unknown_column", header_row or 1, col.index, header=col.header, value=col.header)
    for col, earlier in repeated_columns(ledger):
        f.flag_at("duplicate_column", header_row or 1, col.index, header=col.header, value=col.header,
                  earlier=column_letter(earlier.index), canonical=col.spec.header)
    for name in REQUIRED_COLUMNS.get(ledger.kind, ()):
        if name not in f.mapped:
            f.missing_column(name)
    if ledger.kind in TRACKS and "township" not in f.mapped and ledger.township is None:
        if ledger.unregistered_township:
            f.findings.append(make_finding(
                "unknown_township", path=f.path, sheet=ledger.sheet, field="township", rows="",
                value=ledger.unregistered_township, choices="、".join(f.options.registry.names)))
        else:
            f.findings.append(make_finding("township_undetermined", path=f.path, sheet=ledger.sheet, field="township"))
    for r, c in sorted(ledger.formulas_without_value):
        if header_row is None or r + 1 > header_row:
            f.flag_at("formula_no_value", r + 1, c)


def _remember(ledger: Ledger, row: Row, f: RowFlagger, state: _RunState, report: FileResult,
              seen_in_file: dict[tuple[Kind, str], tuple[str, str, int]]) -> None:
    number = row.person.number
    column = f.id_column
    key = (ledger.kind, number)
    first = seen_in_file.get(key)
    if first is not None:
        f.flag("duplicate_in_file", row.number, "id_number", state.options.show_id(number),
               other=f"{first[0]}!{first[1]}{first[2]}")
        return
    seen_in_file[key] = (ledger.sheet, column, row.number)
    seen = _Seen(report, ledger.sheet, row.number, column, get(row, "township") or ledger.township)
    track = (ledger.kind, ledger.year, number)
    before = state.by_track.get(track)
    if before is None:
        state.by_track[track] = seen
    elif isinstance(before, list):
        before.append(seen)
    else:
        state.by_track[track] = [before, seen]
    if ledger.kind is Kind.TALENT_TO_MEMBER:
        stage = get(row, "stage")
        if stage is not None and stage not in MEMBER_STAGES:
            state.not_members[(ledger.year, number)] = (stage, seen)


def _cross_file(state: _RunState) -> None:
    show = state.options.show_id
    for (kind, year, number), met in state.by_track.items():
        places = met if isinstance(met, list) else [met]
        townships = {p.township for p in places}
        if len(townships) > 1:
            for here in places:
                other = next(p for p in places if p.township != here.township)
                _add(here, "duplicate_across_files", show(number),
                     township=other.township or "其他镇（街道）", other=other.place)
        if kind is Kind.TALENT_TO_CADRE and (year, number) in state.not_members:
            stage, where = state.not_members[(year, number)]
            for here in places:
                _add(here, "not_a_member", show(number), stage=stage, other=where.place)


def _add(here: _Seen, code: str, value: str, **params: object) -> None:
    here.report.findings.append(make_finding(
        code, path=here.report.path, sheet=here.sheet, row=here.row, column=here.column,
        field="id_number", value=value, **params))


def _count(file: FileResult) -> None:
    for sheet in file.sheets:
        mine = [f for f in file.findings if f.sheet == sheet.sheet]
        sheet.errors = sum(1 for f in mine if f.severity is Severity.ERROR)
        sheet.warnings = len(mine) - sheet.errors
