"""The database tables (SQLAlchemy Core). Changes here need a migration in migrations/versions/."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from talentledger.ledger.fields import TEXT_LENGTH, TRACKS, Kind, ValueType, columns_of, stored_fields
from talentledger.ledger.townships import MAX_TOWNSHIP_LENGTH

metadata = MetaData()
# BIGINT ids on PostgreSQL, SQLite's INTEGER PRIMARY KEY (rowid) elsewhere.
Id = BigInteger().with_variant(Integer(), "sqlite")

def _key_and_file() -> tuple[Column, ...]:
    """An id, the submission key (township, kind, year) and the file a ledger came from: the
    first columns of both accepted submissions and refused ones."""
    return (Column("id", Id, primary_key=True, autoincrement=True),
            Column("township", String(MAX_TOWNSHIP_LENGTH), nullable=False),
            Column("kind", String(32), nullable=False),
            Column("year", Integer, nullable=False),
            Column("file_name", String(1024), nullable=False),
            Column("file_hash", String(64), nullable=False))


# A submission's state: the one that counts, one replaced by a newer ledger, or one withdrawn by
# `rollback`. Replaced and withdrawn submissions keep their rows, as history.
CURRENT, SUPERSEDED, WITHDRAWN = "current", "superseded", "withdrawn"

submissions = Table(
    "submissions", metadata,
    *_key_and_file(),
    Column("sheet", String(255), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # Which of two ledgers is newer: its 填报日期, else the workbook's own date, else the day of
    # ingest (README, ingest); reported_by says which of the three.
    Column("reported_on", Date, nullable=False),
    Column("reported_by", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("replaced_id", Id),  # the submission this one replaced, restored by a rollback
    Column("state_changed_at", DateTime(timezone=True)),
    # One current submission per township, kind and year.
    Index("uq_current_submission", "township", "kind", "year", unique=True,
          sqlite_where=text("state = 'current'"), postgresql_where=text("state = 'current'")),
)

# The columns of people, derived from the three tracks' models: ledger dates as written,
# "2006-03-05" or "2006-03" when only the month is known; free text as TEXT; the rest VARCHAR.
_PERSON_COLUMNS = {name: column for kind in TRACKS for name, column in columns_of(kind).items()}
DATE_FIELDS = tuple(name for name, column in _PERSON_COLUMNS.items() if column.type is ValueType.DATE)
COUNT_FIELDS = tuple(name for name, column in _PERSON_COLUMNS.items() if column.type is ValueType.COUNT)
TEXT_FIELDS = tuple(name for name in _PERSON_COLUMNS if name not in DATE_FIELDS + COUNT_FIELDS)


people = Table(
    "people", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("submission_id", Id, ForeignKey("submissions.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("source_row", Integer, nullable=False),
    Column("birth_date", Date),          # from the ID number, for ages
    *(Column(name, Integer) for name in COUNT_FIELDS),
    *(Column(name, String(10)) for name in DATE_FIELDS),
    *(Column(name, Text if _PERSON_COLUMNS[name].long_text else String(TEXT_LENGTH)) for name in TEXT_FIELDS),
    # One person's rows across tracks and years (talentledger person, the report's ladder).
    Index("ix_people_id_number", "id_number"),
)



def _yearly_table(name: str, *counts: str) -> Table:
    """A table of per-township yearly figures (targets, roster)."""
    return Table(
        name, metadata,
        Column("id", Id, primary_key=True, autoincrement=True),
        Column("submission_id", Id, ForeignKey("submissions.id"), nullable=False, index=True),
        Column("source_row", Integer, nullable=False),
        Column("year", Integer, nullable=False),
        Column("township", String(MAX_TOWNSHIP_LENGTH), nullable=False),
        *(Column(count, Integer) for count in counts),
    )


targets = _yearly_table("targets", *(name for name in stored_fields(Kind.TARGETS) if name not in ("year", "township")))
roster = _yearly_table("roster", *(name for name in stored_fields(Kind.ROSTER) if name not in ("year", "township")))

ROW_TABLES = (people, targets, roster)


def current(table: Table):
    """`table` joined to the submissions that count now (not superseded, not withdrawn)."""
    return table.join(submissions, (table.c.submission_id == submissions.c.id) & (submissions.c.state == CURRENT))

# Ledgers `ingest` or `batch` refused, so a report can tell 已退回 from 未报送.
rejections = Table(
    "rejections", metadata,
    *_key_and_file(),
    Column("errors", Integer, nullable=False),
    Column("rejected_at", DateTime(timezone=True), nullable=False),
    Index("ix_rejections_key", "year", "township", "kind"),
)

# Content (SHA-256) a batch run accepted and moved to archive/: sent again, it is not re-ingested.
archived_files = Table(
    "archived_files", metadata,
    Column("file_hash", String(64), primary_key=True),
    Column("file_name", String(1024), nullable=False),
    Column("archived_at", DateTime(timezone=True), nullable=False),
)

# The 预警 of the quality assessment already shown (report/quality.py): shown again, a warning is
# marked 已通报 with the day it was first shown instead of being raised as new. `subject` is what
# makes it the same warning (the organisation and surname of a family cluster, the introducer …).
shown_alerts = Table(
    "shown_alerts", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("code", String(40), nullable=False),
    Column("township", String(MAX_TOWNSHIP_LENGTH), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("year", Integer, nullable=False),            # the assessment it was first shown in
    Column("first_shown", Date, nullable=False),
    Column("last_shown", Date, nullable=False),
    Index("uq_shown_alert", "code", "township", "subject", unique=True),
)
