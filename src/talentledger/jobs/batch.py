"""Unattended processing of an inbox folder, for cron.

One run: take a lock; pick the files that are complete (not changed in the last minute, not
a temporary name); check them together and ingest the accepted ones; move each file to
archive/ or rejected/ beside the inbox (a rejected one with its annotated copy and findings);
regenerate the reports of the years it stored ledgers for and of the county's current year; append one JSON line per file and per run to the log,
which is set aside (.1, .2, .3) once it grows past 10 MB. The database remembers the content
(SHA-256) of every archived file, so a file e-mailed again is archived without being ingested.

Every step can be interrupted. Ingest is one transaction per file and a file leaves the inbox
only after its ingest committed, so a killed run is finished by the next one: a file ingested
but not yet moved is found unchanged in the store (same content hash) and is only moved.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from talentledger.check import Options
from talentledger.jobs.ingest import Action, file_hash, ingest_paths
from talentledger.ledger.config import Config
from talentledger.ledger.errors import ConfigProblem, ExitCode, TalentLedgerError
from talentledger.output.annotate import explain_rejection
from talentledger.read.files import SPREADSHEET_SUFFIXES
from talentledger.report import FORMATS, build_report, default_as_of, write_report
from talentledger.store import Store

SETTLE_SECONDS = 60  # a file changed more recently may still be being written
TEMPORARY = ("~$", ".~lock", ".", "~")
ATTACHMENTS = "附件"  # under archive/: what came with the ledgers but is not one
TEMPORARY_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", ".download", ".swp")
LOCK_NAME = ".talentledger-batch.lock"
LOG_NAME = "talentledger-batch.log"
LOG_LIMIT = 10 * 1024 * 1024  # bytes; a bigger log is set aside as .1, .2, .3
LOG_KEEP = 3


class BatchBusy(TalentLedgerError):
    """Another run holds the lock."""


@dataclass
class BatchFile:
    name: str
    outcome: str  # archived, stale (accepted, but a newer or the same ledger is kept), rejected, duplicate
    file_hash: str
    errors: int = 0
    warnings: int = 0
    moved_to: str = ""
    submissions: list[dict] = field(default_factory=list)


@dataclass
class BatchResult:
    run: str
    files: list[BatchFile]
    waiting: list[str]   # left for the next run (still being written, or a temporary name)
    reports: list[str]
    # Reports the configuration did not allow (placeholder targets): why, one line per year.
    unreported: list[str] = field(default_factory=list)

    @property
    def stale(self) -> list[BatchFile]:
        return [f for f in self.files if f.outcome == "stale"]

    @property
    def rejected(self) -> list[BatchFile]:
        return [f for f in self.files if f.outcome == "rejected"]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FINDINGS if self.rejected else ExitCode.OK


@contextmanager
def inbox_lock(inbox: Path) -> Iterator[None]:
    """An exclusive lock on the inbox; a second run gives up at once."""
    handle = (inbox / LOCK_NAME).open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchBusy(f"另一个批处理正在处理“{inbox}”，本次不运行（锁文件 {inbox / LOCK_NAME}）") from None
        yield
    finally:
        handle.close()


def folders(inbox: Path) -> tuple[Path, Path]:
    """archive/ and rejected/ beside the inbox."""
    return inbox.parent / "archive", inbox.parent / "rejected"


def pick(inbox: Path, now: float) -> tuple[list[Path], list[str]]:
    """Complete submissions in the inbox, and the names left for the next run."""
    ready, waiting = [], []
    for path in sorted(inbox.iterdir()):
        if not path.is_file() or path.name == LOCK_NAME:
            continue
        if path.name.startswith(TEMPORARY) or path.suffix.lower() in TEMPORARY_SUFFIXES:
            waiting.append(path.name)
        elif now - path.stat().st_mtime < SETTLE_SECONDS:
            waiting.append(path.name)
        else:
            ready.append(path)  # a spreadsheet is checked; anything else is kept as an attachment
    return ready, waiting


def hashes_in_log(log: Path) -> set[str]:
    """Content an earlier version recorded as archived only in the log."""
    found = set()
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a killed run
            if entry.get("outcome") == "archived":
                found.add(entry.get("hash"))
    return found


def archived_before(store: Store, log: Path, hashes: dict[Path, str]) -> set[str]:
    """Which of `hashes` were accepted by an earlier run. The store remembers them; a database
    from before it did (nothing remembered yet) learns them once from the log."""
    if not store.archived_any():
        for digest in hashes_in_log(log):
            store.mark_archived(digest, "（从批处理日志导入）")
    return store.archived(hashes.values())


def rotate_log(log: Path, limit: int = LOG_LIMIT, keep: int = LOG_KEEP) -> None:
    """Start a new log once it passes `limit` bytes, keeping `keep` older ones (.1 newest)."""
    if not log.exists() or log.stat().st_size < limit:
        return
    for n in range(keep - 1, 0, -1):
        older = log.with_name(f"{log.name}.{n}")
        if older.exists():
            os.replace(older, log.with_name(f"{log.name}.{n + 1}"))
    os.replace(log, log.with_name(f"{log.name}.1"))


def run_batch(inbox: Path, store: Store, config: Config, options: Options, out: Path | None,
              log: Path | None = None, now: float | None = None, year: int | None = None) -> BatchResult:
    """Process the inbox once (see the module docstring)."""
    if not inbox.is_dir():
        raise TalentLedgerError(f"收件文件夹“{inbox}”不存在")
    log = log or inbox.parent / LOG_NAME
    run = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    with inbox_lock(inbox):
        ready, waiting = pick(inbox, now if now is not None else time.time())
        archive, rejected = folders(inbox)
        rotate_log(log)
        # A cover letter or a scan sent with the ledgers (报送说明.docx, .pdf, .jpg) is kept, not
        # checked: it goes to archive/附件/ and changes nothing of the run's outcome.
        attachments = [p for p in ready if p.suffix.lower() not in SPREADSHEET_SUFFIXES]
        ready = [p for p in ready if p not in attachments]
        hashes = {path: file_hash(path) for path in ready + attachments}
        done_before = archived_before(store, log, hashes)
        duplicates = [p for p in ready if hashes[p] in done_before]
        fresh = [p for p in ready if hashes[p] not in done_before]
        results = [BatchFile(p.name, "attachment", hashes[p]) for p in attachments]
        results += [BatchFile(p.name, "duplicate", hashes[p]) for p in duplicates]
        if fresh:
            report = ingest_paths(fresh, store, options)
            checked = {f.path: f for f in report.check.files}
            for outcome in report.files:
                path = Path(outcome.path)
                file = checked[outcome.path]
                results.append(BatchFile(
                    path.name, _file_outcome(outcome), hashes[path],
                    errors=file.errors, warnings=file.warnings,
                    submissions=[{"township": s.key.township, "kind": s.key.kind, "year": s.key.year,
                                  "rows": s.rows, "action": s.action.value} for s in outcome.submissions]))
                if not outcome.accepted:
                    explain_rejection(file, rejected, options)
        by_name = {p.name: p for p in ready + attachments}
        for result in results:
            target = {"rejected": rejected, "attachment": archive / ATTACHMENTS}.get(result.outcome, archive)
            if result.outcome in ("archived", "stale"):
                # Remembered before the move: a run killed in between finds the file in the
                # inbox already known, and only moves it.
                store.mark_archived(result.file_hash, result.name)
            result.moved_to = str(_move(by_name[result.name], target))
            _log(log, {"run": run, "file": result.name, "hash": result.file_hash, "outcome": result.outcome,
                       "errors": result.errors, "warnings": result.warnings, "moved_to": result.moved_to,
                       "submissions": result.submissions})
        reports, unreported = [], []
        years = [] if out is None else [year] if year else report_years(results, config)
        for report_year in years:
            try:
                reports += _reports(store, config, out, report_year)
            except ConfigProblem as exc:  # the intake stands; the report waits for the config
                unreported.append(f"未更新 {report_year} 年度报告：{exc}")
        _log(log, {"run": run, "event": "run", "files": len(results),
                   "archived": sum(r.outcome == "archived" for r in results),
                   "rejected": sum(r.outcome == "rejected" for r in results),
                   "stale": sum(r.outcome == "stale" for r in results),
                   "duplicates": sum(r.outcome == "duplicate" for r in results),
                   "attachments": sum(r.outcome == "attachment" for r in results),
                   "waiting": waiting, **({"note": waiting_note(waiting)} if waiting else {}),
                   "reports": reports, **({"unreported": unreported} if unreported else {})})
    return BatchResult(run, results, waiting, reports, unreported)


def waiting_note(waiting: list[str], shown: int = 3) -> str:
    """One sentence for the files a run left in the inbox (a file copied in a moment ago)."""
    names = "、".join(waiting[:shown]) + (f" 等 {len(waiting)} 个文件" if len(waiting) > shown else "")
    return (f"{names}留待下次处理：{SETTLE_SECONDS // 60} 分钟内还有改动（可能仍在复制或保存）或是临时文件。"
            f"刚放进收件文件夹的文件，等 {SETTLE_SECONDS // 60} 分钟后再运行即可。")


def report_years(results: list[BatchFile], config: Config) -> list[int]:
    """The years whose reports a run changed: those of the ledgers it stored, and the county's
    current year (the config's `year`, else this calendar year) so the report is always there."""
    touched = {s["year"] for r in results if r.outcome == "archived" for s in r.submissions}
    return sorted(touched | {config.year or dt.date.today().year})


def _file_outcome(outcome) -> str:
    """archived when the file changed the database; stale when every sheet of it was older
    than, or the same as, what is kept (a township sent an old file again)."""
    if not outcome.accepted:
        return "rejected"
    kept = (Action.OLDER, Action.KNOWN, Action.UNCHANGED)
    stale = outcome.submissions and all(s.action in kept for s in outcome.submissions)
    return "stale" if stale else "archived"


def _move(path: Path, folder: Path) -> Path:
    """Move without overwriting: an earlier file of the same name keeps its place."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    n = 2
    while target.exists():
        target = folder / f"{path.stem}({n}){path.suffix}"
        n += 1
    os.replace(path, target)
    return target


def _reports(store: Store, config: Config, out: Path, year: int) -> list[str]:
    model = build_report(store, config, year, default_as_of(year), shown_on=dt.date.today())
    return [str(write_report(model, fmt, out / f"三培养完成情况_{year}年.{fmt}")) for fmt in FORMATS]


def _log(log: Path, entry: dict) -> None:
    entry = {"time": dt.datetime.now().astimezone().isoformat(timespec="seconds"), **entry}
    with log.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
