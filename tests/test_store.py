"""Storing accepted ledgers: replacement, idempotence, rejection, interruption, schema versions."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from typer.testing import CliRunner

from conftest import M2T, TODAY, write_ledger
from talentledger.check import Options
from talentledger.cli import app
from talentledger.jobs.ingest import Action, ingest_paths
from talentledger.store import Store, StoreProblem
from talentledger.store.tables import metadata, people, submissions

ROOT = Path(__file__).resolve().parent.parent
OTHER = {**M2T, "姓名": "李四", "公民身份号码": "32068219750218633X", "出生年月": ""}


@pytest.fixture
def store(db_url):
    opened = Store(db_url)
    yield opened
    opened.close()


def snapshot(store: Store) -> list[tuple]:
    with store.engine.connect() as connection:
        subs = connection.execute(select(submissions).order_by(submissions.c.id)).all()
        rows = connection.execute(select(people).order_by(people.c.id)).all()
    return [tuple(r) for r in subs] + [tuple(r) for r in rows]


def ingest(store: Store, *paths: Path):
    return ingest_paths(list(paths), store, Options(today=TODAY))


def test_new_database_is_at_the_latest_schema(store):
    assert store.schema_version() == Store.latest_version()


def test_migrated_schema_matches_the_tables(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


def test_database_of_revision_0001_with_data_is_upgraded(tmp_path, db_url):
    """A database made by the first release (schema 0001) keeps its data when a newer
    talentledger opens it, and gains the tables added since."""
    from alembic import command
    from sqlalchemy import inspect

    from talentledger.store.db import _alembic_config
    engine = create_engine(db_url)
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    old = Store.__new__(Store)  # an engine on the 0001 database without upgrading it
    old.engine = create_engine(db_url)
    assert old.schema_version() == "0001" and "archived_files" not in inspect(old.engine).get_table_names()
    with old.engine.begin() as connection:  # what the first release wrote, in its own columns
        connection.execute(text(
            "INSERT INTO submissions (township, kind, year, file_name, file_hash, sheet, rows, ingested_at) "
            "VALUES ('城北镇', 'member-to-talent', 2006, 'a.xlsx', :hash, '台帐', 1, :at)"),
            {"hash": "ef" * 32, "at": dt.datetime(2006, 7, 1, tzinfo=dt.UTC)})
        connection.execute(text(
            "INSERT INTO people (submission_id, kind, source_row, name, id_number, organization, phone) "
            "VALUES (1, 'member-to-talent', 3, '王建军', '320682197807213757', '城北村党支部', '5201234')"))
    old.engine.dispose()
    upgraded = Store(db_url)
    try:
        assert upgraded.schema_version() == Store.latest_version() != "0001"
        assert upgraded.submissions()[0].key.township == "城北镇"
        with upgraded.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(people)).scalar() == 1
            kept = connection.execute(select(people)).mappings().one()
        assert (kept["organization"], kept["phone"], kept["workplace"]) == ("城北村党支部", "5201234", None)
        upgraded.mark_archived("ab" * 32, "a.xlsx")
        assert upgraded.archived(["ab" * 32, "cd" * 32]) == {"ab" * 32}
    finally:
        upgraded.close()


def test_reopening_keeps_data(tmp_path, store):
    ingest(store, write_ledger(tmp_path / "a.xlsx", [M2T]))
    again = Store(store.engine.url.render_as_string(hide_password=False))
    assert len(again.submissions(2006)) == 1
    again.close()


def test_submission_is_stored_with_provenance(tmp_path, store):
    report = ingest(store, write_ledger(tmp_path / "城北镇.xlsx", [M2T, OTHER]))
    outcome = report.files[0].submissions[0]
    assert (outcome.key.township, outcome.key.kind, outcome.key.year, outcome.rows, outcome.action) == (
        "城北镇", "member-to-talent", 2006, 2, Action.INSERTED)
    with store.engine.connect() as connection:
        sub = connection.execute(select(submissions)).mappings().one()
        rows = connection.execute(select(people).order_by(people.c.source_row)).mappings().all()
    assert (sub["file_name"], sub["sheet"], sub["rows"], len(sub["file_hash"])) == ("城北镇.xlsx", "台帐", 2, 64)
    assert [r["source_row"] for r in rows] == [3, 4]
    first = rows[0]
    assert (first["name"], first["id_number"], first["start_date"], first["birth"], first["status"]) == (
        "王建军", "320682197807213757", "2005-04-01", "1978-07", "培养中")
    assert str(first["birth_date"]) == "1978-07-21"


def test_new_submission_replaces_the_old_one(tmp_path, store):
    ingest(store, write_ledger(tmp_path / "first.xlsx", [M2T, OTHER]))
    report = ingest(store, write_ledger(tmp_path / "second.xlsx", [OTHER]))
    assert report.files[0].submissions[0].action is Action.REPLACED
    assert [s.file_name for s in store.submissions()] == ["second.xlsx"]
    assert [(s.file_name, s.state) for s in store.history()] == [("first.xlsx", "superseded"),
                                                                 ("second.xlsx", "current")]
    assert current_people(store) == ["李四"]


def current_people(store: Store) -> list[str]:
    with store.engine.connect() as connection:
        return connection.execute(
            select(people.c.name).join(submissions, people.c.submission_id == submissions.c.id)
            .where(submissions.c.state == "current").order_by(people.c.source_row)).scalars().all()


def test_the_latest_ledger_wins_by_its_date_not_by_its_arrival(tmp_path, store):
    """Original (填报日期 2006-12-28), its correction (2007-03-15), the original again, the
    correction again, then a different ledger dated 2006-06-30: after each step the correction
    made on 2007-03-15 is what counts, and the first two ledgers are both kept."""
    original = write_ledger(tmp_path / "城北镇_原报.xlsx", [M2T, OTHER], reported="2006年12月28日")
    correction = write_ledger(tmp_path / "城北镇_更正.xlsx", [OTHER], reported="2007年3月15日")
    stale = write_ledger(tmp_path / "城北镇_旧表.xlsx", [M2T], reported="2006-06-30")
    steps = [
        (original, Action.INSERTED, "城北镇_原报.xlsx", ["王建军", "李四"]),
        (correction, Action.REPLACED, "城北镇_更正.xlsx", ["李四"]),
        (original, Action.KNOWN, "城北镇_更正.xlsx", ["李四"]),
        (correction, Action.UNCHANGED, "城北镇_更正.xlsx", ["李四"]),
        (stale, Action.OLDER, "城北镇_更正.xlsx", ["李四"]),
    ]
    for path, action, current, names in steps:
        outcome = ingest(store, path).files[0].submissions[0]
        assert outcome.action is action, path.name
        assert [s.file_name for s in store.submissions()] == [current]
        assert current_people(store) == names
    assert [(s.file_name, s.state, str(s.reported_on), s.reported_by) for s in store.history()] == [
        ("城北镇_原报.xlsx", "superseded", "2006-12-28", "填报日期"),
        ("城北镇_更正.xlsx", "current", "2007-03-15", "填报日期")]
    assert outcome.kept.file_name == "城北镇_更正.xlsx"


def test_an_original_arriving_after_its_correction_does_not_replace_it(tmp_path, store):
    ingest(store, write_ledger(tmp_path / "更正.xlsx", [OTHER], reported="2007-03-15"))
    outcome = ingest(store, write_ledger(tmp_path / "原报.xlsx", [M2T, OTHER], reported="2006-12-28"))
    assert outcome.files[0].accepted and outcome.files[0].submissions[0].action is Action.OLDER
    assert [s.file_name for s in store.history()] == ["更正.xlsx"]
    assert current_people(store) == ["李四"]


def test_rollback_restores_the_replaced_submission_and_keeps_the_withdrawn_one_out(tmp_path, store):
    original = write_ledger(tmp_path / "原报.xlsx", [M2T, OTHER], reported="2006-12-28")
    wrong = write_ledger(tmp_path / "错报.xlsx", [OTHER], reported="2007-01-05")
    ingest(store, original)
    ingest(store, wrong)
    key = store.submissions()[0].key
    withdrawn, restored = store.rollback(key)
    assert (withdrawn.file_name, restored.file_name) == ("错报.xlsx", "原报.xlsx")
    assert current_people(store) == ["王建军", "李四"]
    assert ingest(store, wrong).files[0].submissions[0].action is Action.KNOWN
    assert [(s.file_name, s.state) for s in store.history()] == [("原报.xlsx", "current"), ("错报.xlsx", "withdrawn")]
    store.rollback(key)
    assert store.submissions() == [] and current_people(store) == []
    with pytest.raises(StoreProblem, match="没有已入库的报送"):
        store.rollback(key)


def test_order_date_falls_back_to_the_workbooks_own_date(tmp_path, store):
    outcome = ingest(store, write_ledger(tmp_path / "a.xlsx", [M2T])).files[0].submissions[0]
    assert (outcome.reported_by, outcome.reported_on) == ("文件日期", dt.date.today())
    csv = tmp_path / "城北镇_2006_党员培养成人才台帐.csv"
    csv.write_text(",".join(M2T) + "\n" + ",".join(str(v) for v in OTHER.values()) + "\n", encoding="utf-8")
    outcome = ingest(store, csv).files[0].submissions[0]
    assert (outcome.reported_by, outcome.reported_on) == ("入库时间", dt.date.today())


def test_same_file_twice_changes_nothing(tmp_path, store):
    path = write_ledger(tmp_path / "a.xlsx", [M2T])
    ingest(store, path)
    before = snapshot(store)
    report = ingest(store, path)
    assert report.files[0].submissions[0].action is Action.UNCHANGED
    assert snapshot(store) == before


def test_rejected_file_changes_nothing(tmp_path, store):
    ingest(store, write_ledger(tmp_path / "good.xlsx", [M2T]))
    before = snapshot(store)
    bad = write_ledger(tmp_path / "bad.xlsx", [{**OTHER, "领域": "农业口"}])
    report = ingest(store, bad)
    assert [f.accepted for f in report.files] == [False]
    assert snapshot(store) == before


def test_good_files_of_a_run_are_kept_when_another_is_rejected(tmp_path, store):
    good = write_ledger(tmp_path / "good.xlsx", [M2T])
    bad = write_ledger(tmp_path / "bad.xlsx", [{**OTHER, "所属镇（街道）": "新庄镇", "领域": "农业口"}])
    report = ingest(store, good, bad)
    assert [f.accepted for f in report.files] == [True, False]
    assert [s.key.township for s in store.submissions(2006)] == ["城北镇"]


def test_year_from_option_or_refused(tmp_path, store):
    path = write_ledger(tmp_path / "ledger.xlsx", [M2T], title="城北镇党员培养成人才台帐")
    report = ingest(store, path)
    assert not report.files[0].accepted
    assert [f.code for f in report.check.files[0].findings] == ["year_undetermined"]
    report = ingest_paths([path], store, Options(today=TODAY), year=2005)
    assert report.files[0].accepted and store.submissions(2005)[0].key.township == "城北镇"


def test_ingest_and_status_commands(tmp_path, db_url):
    runner = CliRunner()
    db = db_url
    good = write_ledger(tmp_path / "good.xlsx", [M2T])
    result = runner.invoke(app, ["ingest", str(good), "--db", db])
    assert result.exit_code == 0, result.output
    assert "城北镇 党员培养成人才 2006年 1行，新入库" in result.stdout
    result = runner.invoke(app, ["ingest", str(good), "--db", db])
    assert "内容未变，未重复入库" in result.stdout
    bad = write_ledger(tmp_path / "bad.xlsx", [{**M2T, "领域": "农业口"}])
    result = runner.invoke(app, ["ingest", str(bad), "--db", db])
    assert result.exit_code == 1 and "拒收" in result.stdout and "[invalid_value]" in result.stdout
    result = runner.invoke(app, ["status", "--year", "2006", "--db", db])
    assert result.exit_code == 0
    assert "城北镇  党员培养成人才：" in result.stdout and "人才培养成党员：未报送" in result.stdout
    assert "未报送：城北镇（人才培养成党员、党员人才培养成干部）" in result.stdout


def test_bad_database_url_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["status", "--year", "2006", "--db", "nosuchdb://x"])
    assert result.exit_code == 2 and "数据库地址" in result.stderr


def _writing(url: str, wal: Path, start_size: int) -> bool:
    """Whether the ingest under test is inside its write transaction."""
    if url.startswith("sqlite"):
        return wal.exists() and wal.stat().st_size > start_size + 256 * 1024
    engine = create_engine(url)
    with engine.connect() as connection:
        busy = connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND query ILIKE 'INSERT INTO people%'")).scalar()
    engine.dispose()
    return bool(busy)


def test_ingest_killed_midway_leaves_the_database_as_it_was(tmp_path, db_url):
    """SIGKILL while the transaction is writing: the old submission stays, whole."""
    url = db_url
    store = Store(url)
    small = write_ledger(tmp_path / "城北镇_small.xlsx", [M2T], title="城北镇党员培养成人才台帐（2006年度）",
                         reported="2006年6月30日")  # the big ledger says 2006年12月31日
    ingest(store, small)
    before = snapshot(store)
    store.close()

    sys.path.insert(0, str(ROOT / "scripts"))
    import make_samples
    big = tmp_path / "城北镇_big.xlsx"
    make_samples.build_large(big, 20_000)
    wal = tmp_path / "ledgers.db-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    private = tmp_path / "tmp"
    private.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "talentledger", "ingest", str(big), "--db", url],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "TMPDIR": str(private)})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and not _writing(url, wal, start_size):
        time.sleep(0.002)
    assert process.poll() is None, "ingest finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(private.iterdir()) == [], "the spilled rows (names, ID numbers) outlived the run"

    reopened = Store(url)
    with reopened.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(people)).scalar() == 1
    assert snapshot(reopened) == before
    reopened.close()


def test_two_sheets_of_one_submission_are_refused(tmp_path, store):
    from openpyxl import load_workbook
    path = write_ledger(tmp_path / "book.xlsx", [M2T])
    workbook = load_workbook(path)
    copy = workbook.copy_worksheet(workbook.active)
    copy.title = "台帐2"
    copy["C3"] = OTHER["公民身份号码"]
    copy["D3"] = ""
    workbook.save(path)
    report = ingest(store, path)
    assert not report.files[0].accepted
    assert [f.code for f in report.check.files[0].findings] == ["duplicate_submission"]
    assert store.submissions() == []


def test_a_database_error_never_carries_row_values(db_url):
    """A row the database refuses (here: no kind) raises an error whose text holds no value
    of the row: no full ID number reaches stderr or cron's mail."""
    from talentledger.store import Submission, SubmissionKey
    store = Store(db_url)
    key = SubmissionKey("城北镇", "member-to-talent", 2006)
    row = {"source_row": 3, "kind": None, "id_number": "320682197807213757", "name": "王建军"}
    with pytest.raises(Exception) as raised:
        with store.transaction() as connection:
            store.supersede(connection, Submission(key, "a.xlsx", "f" * 64, "Sheet1", 1, dt.date(2006, 7, 1),
                                                   "填报日期"), [row])
    assert "320682197807213757" not in str(raised.value) and "王建军" not in str(raised.value)
    store.close()


def test_names_longer_than_their_columns_are_cut_not_refused(db_url):
    from talentledger.store import Submission, SubmissionKey
    store = Store(db_url)
    key = SubmissionKey("城北镇", "member-to-talent", 2006)
    long_sheet = "表" * 300
    with store.transaction() as connection:
        store.supersede(connection, Submission(key, "a" * 2000 + ".xlsx", "f" * 64, long_sheet, 0,
                                               dt.date(2006, 7, 1), "填报日期"), [])
    stored = store.submissions(2006)[0]
    assert stored.sheet == long_sheet[:255] and len(stored.file_name) == 1024
    store.close()


def test_files_with_personal_data_are_created_for_their_owner_only(tmp_path):
    """Database, annotated copy and report: 0600, whatever the caller's umask."""
    ledger = write_ledger(tmp_path / "城北镇.xlsx", [{**M2T, "性别": "女"}, OTHER])
    good = write_ledger(tmp_path / "城南镇.xlsx", [OTHER], title="城南镇党员培养成人才台帐（2006年度）")
    db = tmp_path / "ledgers.db"
    run = [sys.executable, "-m", "talentledger"]
    env = {**os.environ, "TALENTLEDGER_DB": ""}
    old = os.umask(0o022)
    try:
        subprocess.run([*run, "ingest", str(good), "--db", f"sqlite:///{db}"], check=True, capture_output=True, env=env)
        subprocess.run([*run, "check", str(ledger), "--annotate", str(tmp_path / "out")], capture_output=True, env=env)
        subprocess.run([*run, "report", "--year", "2006", "--db", f"sqlite:///{db}", "--out", str(tmp_path / "r.html")],
                       check=True, capture_output=True, env=env)
    finally:
        os.umask(old)
    written = [db, *(tmp_path / "out").iterdir(), tmp_path / "r.html"]
    assert len(written) == 3
    assert {oct(path.stat().st_mode & 0o777) for path in written} == {"0o600"}
