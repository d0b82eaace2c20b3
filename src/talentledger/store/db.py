"""The store of accepted ledgers: a library that stands alone (the CLI only wraps it).

SQLite by default, PostgreSQL by URL. The schema is versioned with Alembic; opening a store
upgrades an older database to the current schema, so data made by an older talentledger is
kept, not broken.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Date, Engine, Table, and_, create_engine, event, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from talentledger.ledger.errors import TalentLedgerError
from talentledger.ledger.fields import KIND_SHORT, Kind
from talentledger.store.queries import Queries
from talentledger.store.tables import (
    CURRENT,
    SUPERSEDED,
    WITHDRAWN,
    archived_files,
    people,
    rejections,
    roster,
    shown_alerts,
    submissions,
    targets,
)

MIGRATIONS = Path(__file__).parent / "migrations"
BATCH = 5000


class StoreProblem(TalentLedgerError):
    """The database cannot be opened or used; the message says why in Chinese."""


@dataclass(frozen=True)
class SubmissionKey:
    """What a submission replaces: one township's ledger of one kind for one year."""

    township: str
    kind: str
    year: int


@dataclass(frozen=True)
class Submission:
    """One accepted ledger sheet of one key, where it came from, and the date that orders it."""

    key: SubmissionKey
    file_name: str
    file_hash: str
    sheet: str
    rows: int
    reported_on: dt.date
    reported_by: str                  # 填报日期, 文件日期 or 入库时间: where reported_on came from
    ingested_at: dt.datetime | None = None
    state: str = CURRENT
    id: int | None = None

    @classmethod
    def from_row(cls, row) -> Submission:
        return cls(SubmissionKey(row["township"], row["kind"], row["year"]), row["file_name"], row["file_hash"],
                   row["sheet"], row["rows"], _as_date(row["reported_on"]), row["reported_by"], row["ingested_at"],
                   row["state"], row["id"])


@dataclass(frozen=True)
class Rejection:
    """A ledger that was refused, as `status` and the report show it (已退回)."""

    key: SubmissionKey
    file_name: str
    errors: int
    rejected_at: dt.datetime


ROW_TABLE = {"member-to-talent": people, "talent-to-member": people, "talent-to-cadre": people,
             "targets": targets, "roster": roster}


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


# How long a run waits for another run's write transaction (one file) before giving up.
BUSY_TIMEOUT_MS = 300_000
# PostgreSQL advisory lock that writers of one database take in turn ("tale" in ASCII).
WRITE_LOCK = 0x74616C65


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _begin_sqlite
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: the next one may wait
    _write_ahead_log(cursor)                       # readers do not block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")   # durable at each commit under WAL
    cursor.close()


def _write_ahead_log(cursor) -> None:
    """Put the database in WAL mode once. Switching needs the file to itself, and SQLite does
    not wait for that (its busy timeout does not apply): two first runs of a new database would
    see "database is locked". So a database already in WAL is left alone, and a switch that
    meets another run is retried until that run has made the switch."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _begin_sqlite(connection: Connection) -> None:
    """A writing transaction takes SQLite's write lock at once (BEGIN IMMEDIATE), so that what
    it looks up (the submission it replaces) cannot change before it writes; a second run waits
    for it instead of failing on the unique key."""
    writes = connection.get_execution_options().get("writes", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


class Store:
    """An open database of accepted ledgers."""

    def __init__(self, url: str, create: bool = True):
        """Open the database at `url`. With `create` false (report, status, rollback: commands
        that only read what ingest stored), a database that does not exist yet is an error
        rather than a new empty file."""
        try:
            # A database error's text never carries row values (full ID numbers) to stderr or mail.
            self.engine: Engine = create_engine(url, hide_parameters=True)
        except ImportError:
            raise StoreProblem(f"使用数据库“{_safe(url)}”需要安装它的驱动（支持 SQLite 和 PostgreSQL；PostgreSQL 请 pip install 'talentledger[postgresql]'）") from None
        except (ArgumentError, SQLAlchemyError):
            raise StoreProblem(f"数据库地址“{_safe(url)}”无效。应写成 sqlite:///文件名.db（本机文件）或 "
                               "postgresql+psycopg://用户:密码@主机/库名") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _enable_sqlite_pragmas)
            event.listen(self.engine, "begin", _begin_sqlite)
        if not create:
            self._require_existing()
        self.upgrade()

    def _require_existing(self) -> None:
        url = self.engine.url
        missing = url.get_backend_name() == "sqlite" and (
            not url.database or url.database == ":memory:" or not Path(url.database).is_file())
        if not missing:
            try:
                missing = self.schema_version() is None
            except DBAPIError as exc:
                raise StoreProblem(f"无法打开数据库“{_safe(str(url))}”：{_cannot_open(exc)}") from None
        if missing:
            raise StoreProblem(f"数据库“{_safe(str(url))}”还不存在或是空的：还没有入库过台帐。请先运行 talentledger ingest "
                               "入库，或用 --db 指定已有的数据库（也可检查配置文件中的 database 和环境变量 TALENTLEDGER_DB）")

    def upgrade(self) -> None:
        """Bring the schema to the current version (creates it in an empty database)."""
        try:
            with self._writing() as connection:  # two first runs: the second finds the schema made
                config = _alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except DBAPIError as exc:
            raise StoreProblem(f"无法打开数据库“{_safe(str(self.engine.url))}”：{_cannot_open(exc)}") from None

    def schema_version(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @staticmethod
    def latest_version() -> str:
        return ScriptDirectory.from_config(_alembic_config()).get_current_head()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: everything inside lands together or not at all. A write the database
        refuses is a `StoreProblem` whose text holds no value of any row (a server's own message
        quotes the failing row, full ID number included)."""
        try:
            with self._writing() as connection:
                yield connection
        except DBAPIError as exc:
            raise StoreProblem(f"数据库拒绝了这次写入（{_refusal(exc)}），本次的改动已全部撤销，数据库保持原样。"
                               "请加 --debug 重新运行，把输出发给维护人员。") from None

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A transaction that holds the database's write lock from its first statement: SQLite's
        BEGIN IMMEDIATE, PostgreSQL's advisory lock. Concurrent runs write one after the other."""
        with self.engine.execution_options(writes=True).begin() as connection:
            if self.engine.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            yield connection

    @contextmanager
    def queries(self) -> Iterator[Queries]:
        """The report's and the status's questions, over one connection (one state of the store)."""
        with self.engine.connect() as connection:
            yield Queries(connection)

    def find(self, connection: Connection, key: SubmissionKey) -> Submission | None:
        """The current submission of `key`."""
        row = connection.execute(select(submissions).where(_of(key), submissions.c.state == CURRENT)).mappings().first()
        return None if row is None else Submission.from_row(row)

    def find_content(self, connection: Connection, key: SubmissionKey, file_hash: str, sheet: str) -> Submission | None:
        """A submission of `key`, in any state, made from the same sheet of the same file."""
        row = connection.execute(select(submissions).where(
            _of(key), submissions.c.file_hash == file_hash, submissions.c.sheet == _fit(sheet, submissions.c.sheet))
            .order_by(submissions.c.id.desc())).mappings().first()
        return None if row is None else Submission.from_row(row)

    def supersede(self, connection: Connection, submission: Submission, rows: Iterable[dict]) -> None:
        """Make `submission` and its rows the current one of its key; the one it replaces is kept
        as superseded history (a rollback restores it)."""
        old = self.find(connection, submission.key)
        now = dt.datetime.now(dt.UTC)
        if old is not None:
            connection.execute(update(submissions).where(submissions.c.id == old.id)
                               .values(state=SUPERSEDED, state_changed_at=now))
        key = submission.key
        new_id = connection.execute(insert(submissions).values(
            township=key.township, kind=key.kind, year=key.year,
            file_name=_fit(submission.file_name, submissions.c.file_name), file_hash=submission.file_hash,
            sheet=_fit(submission.sheet, submissions.c.sheet), rows=submission.rows,
            ingested_at=submission.ingested_at or now, reported_on=submission.reported_on,
            reported_by=submission.reported_by, state=CURRENT, replaced_id=old.id if old else None,
        )).inserted_primary_key[0]
        self._insert_rows(connection, ROW_TABLE[key.kind], new_id, rows)

    def rollback(self, key: SubmissionKey) -> tuple[Submission, Submission | None]:
        """Withdraw the current submission of `key` and restore the one it replaced (if any).
        Returns (withdrawn, restored). The withdrawn ledger's content stays known, so sending
        the same file again does not bring it back."""
        with self.transaction() as connection:
            current = self.find(connection, key)
            if current is None:
                raise StoreProblem(f"{key.township}{key.year}年度的“{KIND_SHORT[Kind(key.kind)]}”台帐"
                                   "没有已入库的报送，无法撤回")
            now = dt.datetime.now(dt.UTC)
            connection.execute(update(submissions).where(submissions.c.id == current.id)
                               .values(state=WITHDRAWN, state_changed_at=now))
            replaced = connection.execute(select(submissions.c.replaced_id)
                                          .where(submissions.c.id == current.id)).scalar()
            restored = None
            if replaced is not None:
                connection.execute(update(submissions).where(submissions.c.id == replaced)
                                   .values(state=CURRENT, state_changed_at=now))
                row = connection.execute(select(submissions).where(submissions.c.id == replaced)).mappings().one()
                restored = Submission.from_row(row)
        return current, restored

    def _insert_rows(self, connection: Connection, table: Table, submission_id: int, rows: Iterable[dict]) -> None:
        """Bulk insert through the driver's executemany: SQLAlchemy's per-row parameter
        handling would cost as much as the rest of ingest. Every row has the same keys; values
        are plain str/int/None, and dates, which SQLite stores as ISO text."""
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return
        keys = ["submission_id", *first]
        compiled = insert(table).compile(dialect=self.engine.dialect, column_keys=keys)
        in_order = itemgetter(*compiled.positiontup) if compiled.positional else None
        # SQLite keeps dates as ISO text; other drivers take date objects.
        dates = [c.name for c in table.columns if isinstance(c.type, Date) and c.name in first]
        as_text = dates if self.engine.dialect.name == "sqlite" else []

        def parameters(row: dict) -> tuple | dict:
            row["submission_id"] = submission_id  # the spilled row is ours to change
            for name in as_text:
                if row[name] is not None:
                    row[name] = row[name].isoformat()
            return in_order(row) if in_order is not None else row

        batch = [parameters(first)]
        for row in iterator:
            batch.append(parameters(row))
            if len(batch) >= BATCH:
                connection.exec_driver_sql(compiled.string, batch)
                batch = []
        if batch:
            connection.exec_driver_sql(compiled.string, batch)

    def submissions(self, year: int | None = None) -> list[Submission]:
        """The current submissions (of `year`)."""
        query = (select(submissions).where(submissions.c.state == CURRENT)
                 .order_by(submissions.c.township, submissions.c.kind, submissions.c.year))
        if year is not None:
            query = query.where(submissions.c.year == year)
        with self.engine.connect() as connection:
            return [Submission.from_row(r) for r in connection.execute(query).mappings()]

    def history(self, year: int | None = None, township: str | None = None) -> list[Submission]:
        """Every submission ever accepted, current, superseded or withdrawn, in the order they
        were ingested within each township, kind and year."""
        query = select(submissions).order_by(submissions.c.township, submissions.c.kind, submissions.c.year,
                                             submissions.c.id)
        if year is not None:
            query = query.where(submissions.c.year == year)
        if township is not None:
            query = query.where(submissions.c.township == township)
        with self.engine.connect() as connection:
            return [Submission.from_row(r) for r in connection.execute(query).mappings()]

    def record_rejection(self, key: SubmissionKey, file_name: str, file_hash: str, errors: int) -> None:
        with self.transaction() as connection:
            connection.execute(insert(rejections).values(
                township=key.township, kind=key.kind, year=key.year, file_name=_fit(file_name, rejections.c.file_name),
                file_hash=file_hash,
                errors=errors, rejected_at=dt.datetime.now(dt.UTC)))

    def rejections(self, year: int) -> dict[SubmissionKey, Rejection]:
        """The latest refused ledger of each key of `year`."""
        query = select(rejections).where(rejections.c.year == year).order_by(rejections.c.id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        latest = {}
        for r in rows:
            key = SubmissionKey(r["township"], r["kind"], r["year"])
            latest[key] = Rejection(key, r["file_name"], r["errors"], r["rejected_at"])
        return latest

    def archived(self, hashes: Iterable[str]) -> set[str]:
        """Which of `hashes` a batch run has accepted and archived before."""
        wanted = list(hashes)
        found: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):  # keep each IN list short
                query = select(archived_files.c.file_hash).where(
                    archived_files.c.file_hash.in_(wanted[start:start + 500]))
                found.update(connection.execute(query).scalars())
        return found

    def archived_any(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(select(archived_files.c.file_hash).limit(1)).first() is not None

    def mark_archived(self, file_hash: str, file_name: str) -> None:
        """Remember accepted content; marking it again changes nothing."""
        with self.transaction() as connection:
            known = connection.execute(select(archived_files.c.file_hash)
                                       .where(archived_files.c.file_hash == file_hash)).first()
            if known is None:
                connection.execute(insert(archived_files).values(
                    file_hash=file_hash, file_name=file_name, archived_at=dt.datetime.now(dt.UTC)))

    def alerts_shown(self, alerts: Iterable[tuple[str, str, str]], year: int, on: dt.date) -> dict[tuple, dt.date]:
        """Record that the warnings (code, township, subject) were shown on `on`, in the
        assessment of `year`; the day each of them was first shown, for those shown before."""
        wanted = {(code, township, _fit(subject, shown_alerts.c.subject)): (code, township, subject)
                  for code, township, subject in alerts}
        earlier: dict[tuple, dt.date] = {}
        with self.transaction() as connection:
            for code in sorted({code for code, _, _ in wanted}):
                rows = connection.execute(select(shown_alerts.c.township, shown_alerts.c.subject,
                                                 shown_alerts.c.first_shown).where(shown_alerts.c.code == code))
                for township, subject, first in rows:
                    if (code, township, subject) in wanted:
                        earlier[wanted[(code, township, subject)]] = _as_date(first)
            fresh = [{"code": code, "township": township, "subject": stored, "year": year, "first_shown": on,
                      "last_shown": on} for (code, township, stored), given in wanted.items() if given not in earlier]
            if fresh:
                connection.execute(insert(shown_alerts), fresh)
            for code, township, subject in earlier:
                connection.execute(update(shown_alerts).values(last_shown=on).where(
                    shown_alerts.c.code == code, shown_alerts.c.township == township,
                    shown_alerts.c.subject == _fit(subject, shown_alerts.c.subject)))
        return earlier

    def close(self) -> None:
        self.engine.dispose()


# Why a database refused a write, by SQLSTATE (PostgreSQL) or error class (SQLite), in words
# that quote nothing of the row.
_REFUSALS = {"22001": "某个值超过了数据库列的长度上限", "23502": "缺少必须有的值", "23505": "与已有的记录重复",
             "23503": "引用的记录不存在", "40001": "与另一个同时运行的程序冲突", "40P01": "与另一个同时运行的程序冲突"}


# Why a database cannot be opened, from the driver's English, in words that name the fix.
_CANNOT_OPEN = (
    ("file is not a database", "这个文件不是 SQLite 数据库。请检查 --db 或配置中的数据库地址"),
    ("unable to open database file", "打不开数据库文件：所在文件夹不存在或没有写权限"),
    ("connection refused", "连不上数据库服务器：地址、端口不对，或服务器没有启动"),
    ("password authentication failed", "数据库用户名或密码不对"),
    ("does not exist", "数据库服务器上没有这个库或用户"),
    ("could not translate host name", "找不到数据库服务器的主机名"),
    ("timeout", "连接数据库服务器超时"),
    ("locked", "数据库正被另一个程序占用，请稍后再试"),
)


def _cannot_open(exc: DBAPIError) -> str:
    text = str(exc.orig).lower()
    return next((words for clue, words in _CANNOT_OPEN if clue in text), f"数据库报告了错误（{type(exc.orig).__name__}）")


def _refusal(exc: DBAPIError) -> str:
    state = getattr(exc.orig, "sqlstate", None)
    if state in _REFUSALS:
        return _REFUSALS[state]
    if "locked" in str(exc.orig):
        return "数据库正被另一个程序占用"
    return {"IntegrityError": "违反了数据库的约束", "DataError": "某个值不符合数据库列的类型"}.get(
        type(exc).__name__, f"错误类型 {type(exc).__name__}")


def _fit(text: str, column) -> str:
    """A sheet or file name cut to its column: an ods sheet may be named at any length."""
    return text[: column.type.length]


def _of(key: SubmissionKey):
    return and_(submissions.c.township == key.township, submissions.c.kind == key.kind,
                submissions.c.year == key.year)


def _as_date(value: object) -> dt.date:
    """A Date column's value: a date, or ISO text from a SQLite database written by hand."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _safe(url: str) -> str:
    """A database URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
