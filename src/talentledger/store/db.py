"""The store of accepted ledgers: a library that stands alone (the CLI only wraps it).

SQLite by default, PostgreSQL by URL. The schema is versioned with Alembic; opening a store
upgrades an older database to the current schema, so data made by an older talentledger is
kept, not broken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Date, Engine, Table, create_engine, delete, event, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from talentledger.errors import TalentLedgerError
from talentledger.store.schema import ROW_TABLES, archived_files, people, roster, submissions, targets

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
    key: SubmissionKey
    file_name: str
    file_hash: str
    sheet: str
    rows: int
    ingested_at: dt.datetime | None = None


ROW_TABLE = {"member-to-talent": people, "talent-to-member": people, "talent-to-cadre": people,
             "targets": targets, "roster": roster}


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")     # readers do not block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")   # durable at each commit under WAL
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Store:
    """An open database of accepted ledgers."""

    def __init__(self, url: str):
        try:
            self.engine: Engine = create_engine(url)
        except ImportError:
            raise StoreProblem(f"使用数据库“{_safe(url)}”需要安装它的驱动（支持 SQLite 和 PostgreSQL；PostgreSQL 请 pip install 'talentledger[postgresql]'）") from None
        except (ArgumentError, SQLAlchemyError) as exc:
            raise StoreProblem(f"数据库地址“{_safe(url)}”无效：{exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _enable_sqlite_pragmas)
        self.upgrade()

    def upgrade(self) -> None:
        """Bring the schema to the current version (creates it in an empty database)."""
        try:
            with self.engine.begin() as connection:
                config = _alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except OperationalError as exc:
            raise StoreProblem(f"无法打开数据库“{_safe(str(self.engine.url))}”：{exc.orig}") from None

    def schema_version(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @staticmethod
    def latest_version() -> str:
        return ScriptDirectory.from_config(_alembic_config()).get_current_head()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: everything inside lands together or not at all."""
        with self.engine.begin() as connection:
            yield connection

    def find(self, connection: Connection, key: SubmissionKey) -> Submission | None:
        row = connection.execute(select(submissions).where(
            submissions.c.township == key.township, submissions.c.kind == key.kind,
            submissions.c.year == key.year)).mappings().first()
        if row is None:
            return None
        return Submission(key, row["file_name"], row["file_hash"], row["sheet"], row["rows"], row["ingested_at"])

    def replace(self, connection: Connection, submission: Submission, rows: Iterable[dict]) -> None:
        """Replace the submission with the same key (if any) by this one and its rows."""
        key = submission.key
        old = connection.execute(select(submissions.c.id).where(
            submissions.c.township == key.township, submissions.c.kind == key.kind,
            submissions.c.year == key.year)).scalar()
        if old is not None:
            for table in ROW_TABLES:
                connection.execute(delete(table).where(table.c.submission_id == old))
            connection.execute(delete(submissions).where(submissions.c.id == old))
        new_id = connection.execute(insert(submissions).values(
            township=key.township, kind=key.kind, year=key.year, file_name=submission.file_name,
            file_hash=submission.file_hash, sheet=submission.sheet, rows=submission.rows,
            ingested_at=submission.ingested_at or dt.datetime.now(dt.UTC),
        )).inserted_primary_key[0]
        self._insert_rows(connection, ROW_TABLE[key.kind], new_id, rows)

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
        query = select(submissions).order_by(submissions.c.township, submissions.c.kind, submissions.c.year)
        if year is not None:
            query = query.where(submissions.c.year == year)
        with self.engine.connect() as connection:
            return [Submission(SubmissionKey(r["township"], r["kind"], r["year"]), r["file_name"], r["file_hash"],
                               r["sheet"], r["rows"], r["ingested_at"])
                    for r in connection.execute(query).mappings()]

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
        with self.engine.begin() as connection:
            known = connection.execute(select(archived_files.c.file_hash)
                                       .where(archived_files.c.file_hash == file_hash)).first()
            if known is None:
                connection.execute(insert(archived_files).values(
                    file_hash=file_hash, file_name=file_name, archived_at=dt.datetime.now(dt.UTC)))

    def close(self) -> None:
        self.engine.dispose()


def _safe(url: str) -> str:
    """A database URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
