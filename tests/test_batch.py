"""The cron workflow: batch over an inbox, its lock, its patience with half-written files,
its idempotence, and recovery from a run killed between ingest and move; init."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from conftest import M2T, T2M, write_ledger
from talentledger.cli import app
from talentledger.jobs.batch import LOG_NAME, inbox_lock, rotate_log
from talentledger.store import Store
from talentledger.store.tables import people, submissions

runner = CliRunner()
OLD = time.time() - 3600


def jurisdiction(tmp_path: Path) -> Path:
    """An inbox with two good ledgers and one with an error, all written an hour ago."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_ledger(inbox / "城北镇_m2t.xlsx", [M2T])
    write_ledger(inbox / "城北镇_t2m.xlsx", [T2M], title="城北镇人才培养成党员台帐（2006年度）")
    write_ledger(inbox / "新庄镇_m2t.xlsx", [{**M2T, "所属镇（街道）": "新庄镇", "公民身份号码": "32068219750218633X",
                                             "出生年月": "", "领域": "农业口"}])
    for path in inbox.iterdir():
        os.utime(path, (OLD, OLD))
    return inbox


def batch(tmp_path: Path, *extra: str):
    return runner.invoke(app, ["batch", "--inbox", str(tmp_path / "inbox"), "--db", f"sqlite:///{tmp_path / 'b.db'}",
                               "--out", str(tmp_path / "reports"), "--year", "2006", *extra])


def state(tmp_path: Path) -> tuple:
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    with store.engine.connect() as connection:
        subs = connection.execute(select(submissions.c.township, submissions.c.kind, submissions.c.file_hash,
                                         submissions.c.ingested_at).order_by(submissions.c.id)).all()
        count = connection.execute(select(func.count()).select_from(people)).scalar()
    store.close()
    return tuple(map(tuple, subs)), count


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_batch_files_each_submission_and_writes_reports(tmp_path):
    jurisdiction(tmp_path)
    result = batch(tmp_path)
    assert result.exit_code == 1  # one file rejected
    assert "新庄镇_m2t.xlsx：拒收" in result.stdout
    assert names(tmp_path / "inbox") == [".talentledger-batch.lock"]
    assert names(tmp_path / "archive") == ["城北镇_m2t.xlsx", "城北镇_t2m.xlsx"]
    assert names(tmp_path / "rejected") == ["新庄镇_m2t.xlsx", "新庄镇_m2t_问题标注.xlsx", "新庄镇_m2t_问题清单.txt"]
    assert "[invalid_value]" in (tmp_path / "rejected" / "新庄镇_m2t_问题清单.txt").read_text(encoding="utf-8")
    assert names(tmp_path / "reports") == [f"三培养完成情况_2006年.{ext}" for ext in ("html", "json", "md", "xlsx")]
    log = [json.loads(line) for line in (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()]
    assert [entry.get("outcome") for entry in log] == ["archived", "archived", "rejected", None]
    assert log[-1]["event"] == "run" and log[-1]["archived"] == 2 and log[-1]["rejected"] == 1
    assert state(tmp_path)[1] == 2


def test_quiet_on_success_and_a_second_run_changes_nothing(tmp_path):
    inbox = jurisdiction(tmp_path)
    (inbox / "新庄镇_m2t.xlsx").unlink()
    first = batch(tmp_path)
    assert first.exit_code == 0 and first.output == ""  # cron mails output: none when all is well
    before = state(tmp_path), names(tmp_path / "archive")
    second = batch(tmp_path)
    assert second.exit_code == 0 and second.output == ""
    assert (state(tmp_path), names(tmp_path / "archive")) == before


def test_content_already_archived_is_not_ingested_again(tmp_path):
    inbox = jurisdiction(tmp_path)
    batch(tmp_path)
    newer = write_ledger(inbox / "城北镇_m2t_更正.xlsx", [M2T, {**M2T, "姓名": "李四", "公民身份号码": "32068219750218633X",
                                                              "出生年月": ""}])
    os.utime(newer, (OLD, OLD))
    batch(tmp_path)
    after_correction = state(tmp_path)
    resent = tmp_path / "archive" / "城北镇_m2t.xlsx"
    (inbox / "城北镇_m2t.xlsx").write_bytes(resent.read_bytes())  # the old file e-mailed again
    os.utime(inbox / "城北镇_m2t.xlsx", (OLD, OLD))
    result = batch(tmp_path)
    assert result.exit_code == 0
    assert state(tmp_path) == after_correction  # the correction is not undone
    assert "城北镇_m2t(2).xlsx" in names(tmp_path / "archive")


def test_an_older_ledger_is_archived_without_replacing_and_said_so(tmp_path):
    """A township's ledger dated before the one kept arrives later: it changes nothing, is moved
    to archive/, and the run says so (cron mails it) while still exiting 0."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_ledger(inbox / "城北镇_更正.xlsx", [M2T], reported="2007-03-15")
    os.utime(inbox / "城北镇_更正.xlsx", (OLD, OLD))
    batch(tmp_path)
    before = state(tmp_path)
    write_ledger(inbox / "城北镇_原报.xlsx", [M2T, {**M2T, "姓名": "李四", "公民身份号码": "32068219750218633X",
                                                  "出生年月": ""}], reported="2006-12-28")
    os.utime(inbox / "城北镇_原报.xlsx", (OLD, OLD))
    result = batch(tmp_path)
    assert result.exit_code == 0
    assert "城北镇_原报.xlsx：数据库中已有更新的或相同的报送，未替换，移入 archive/" in result.stdout
    assert state(tmp_path) == before
    assert "城北镇_原报.xlsx" in names(tmp_path / "archive")
    log = [json.loads(line) for line in (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()]
    assert [e["submissions"][0]["action"] for e in log if e.get("file") == "城北镇_原报.xlsx"] == ["older"]


def test_archived_content_is_remembered_by_the_database_not_the_log(tmp_path):
    inbox = jurisdiction(tmp_path)
    batch(tmp_path)
    (tmp_path / LOG_NAME).unlink()  # a log rotated away or lost
    resent = inbox / "城北镇_m2t.xlsx"
    resent.write_bytes((tmp_path / "archive" / "城北镇_m2t.xlsx").read_bytes())
    os.utime(resent, (OLD, OLD))
    before = state(tmp_path)
    assert batch(tmp_path).exit_code == 0
    assert state(tmp_path) == before
    log = [json.loads(line) for line in (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()]
    assert log[0]["outcome"] == "duplicate"


def test_a_database_from_before_learns_archived_content_from_the_log(tmp_path):
    inbox = jurisdiction(tmp_path)
    (inbox / "新庄镇_m2t.xlsx").unlink()
    batch(tmp_path)
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    with store.engine.begin() as connection:  # as an older version left it: nothing remembered
        connection.exec_driver_sql("DELETE FROM archived_files")
    store.close()
    resent = inbox / "城北镇_m2t.xlsx"
    resent.write_bytes((tmp_path / "archive" / "城北镇_m2t.xlsx").read_bytes())
    os.utime(resent, (OLD, OLD))
    before = state(tmp_path)
    assert batch(tmp_path).exit_code == 0
    assert state(tmp_path) == before and "城北镇_m2t(2).xlsx" in names(tmp_path / "archive")
    log = [json.loads(line) for line in (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()]
    assert [entry["outcome"] for entry in log if "file" in entry][-1] == "duplicate"


def test_log_is_rotated_when_it_grows(tmp_path):
    log = tmp_path / LOG_NAME
    for generation in range(5):
        log.write_text(f"{generation}\n" * 100, encoding="utf-8")
        rotate_log(log, limit=100, keep=3)
    assert not log.exists()
    assert [(tmp_path / f"{LOG_NAME}.{n}").read_text(encoding="utf-8")[0] for n in (1, 2, 3)] == ["4", "3", "2"]
    assert not (tmp_path / f"{LOG_NAME}.4").exists()
    log.write_text("small\n", encoding="utf-8")
    rotate_log(log, limit=100, keep=3)
    assert log.read_text(encoding="utf-8") == "small\n"


def test_files_still_being_written_are_left_for_the_next_run(tmp_path):
    inbox = jurisdiction(tmp_path)
    write_ledger(inbox / "fresh.xlsx", [M2T])            # modified just now
    (inbox / "~$城北镇_m2t.xlsx").write_bytes(b"owner")   # Excel's lock file
    (inbox / "download.xlsx.part").write_bytes(b"PK")
    os.utime(inbox / "download.xlsx.part", (OLD, OLD))
    batch(tmp_path)
    assert names(inbox) == [".talentledger-batch.lock", "download.xlsx.part", "fresh.xlsx", "~$城北镇_m2t.xlsx"]
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()
    assert "fresh.xlsx" in json.loads(log[-1])["waiting"]
    assert json.loads(log[-1])["note"].startswith("download.xlsx.part、fresh.xlsx、~$城北镇_m2t.xlsx留待下次处理：1 分钟内")


def test_waiting_files_are_said_once(tmp_path):
    from talentledger.cli.terminal import Console, render_batch
    from talentledger.jobs.batch import BatchResult
    console = Console(width=80, record=True)
    render_batch(BatchResult("r", [], [f"{n}.xlsx" for n in range(7)], []), console)
    said = console.export_text().splitlines()
    assert said == ["0.xlsx、1.xlsx、2.xlsx 等 7 个文件留待下次处理：1 分钟内还有改动（可能仍在复制或保存）"
                    "或是临时文件。刚放进收件文件夹的文件，等 1 分钟后再运行即可。"]


def test_batch_reports_every_year_it_touched_and_the_current_year(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_ledger(inbox / "城北镇_2006.xlsx", [M2T])
    write_ledger(inbox / "城北镇_2007.xlsx", [{**M2T, "公民身份号码": "32068219750218633X", "出生年月": "1975.02"}],
                 title="城北镇党员培养成人才台帐（2007年度）")
    for path in inbox.iterdir():
        os.utime(path, (OLD, OLD))
    config = tmp_path / "talentledger.toml"
    config.write_text("year = 2009\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", "--inbox", str(inbox), "--db", str(tmp_path / "b.db"),
                                 "--out", str(tmp_path / "reports"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert names(tmp_path / "reports") == [f"三培养完成情况_{y}年.{ext}" for y in (2006, 2007, 2009)
                                           for ext in ("html", "json", "md", "xlsx")]
    run = json.loads((tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()[-1])
    assert [Path(p).name for p in run["reports"]][::4] == ["三培养完成情况_2006年.html", "三培养完成情况_2007年.html",
                                                           "三培养完成情况_2009年.html"]


def test_overlapping_run_exits_at_once(tmp_path):
    inbox = jurisdiction(tmp_path)
    with inbox_lock(inbox):
        started = time.monotonic()
        result = batch(tmp_path)
        assert time.monotonic() - started < 10
    assert result.exit_code == 2 and "另一个批处理正在处理" in result.stderr
    assert len(names(inbox)) == 4  # nothing was touched


def test_run_killed_between_ingest_and_move_is_finished_by_the_next(tmp_path):
    jurisdiction(tmp_path)
    flag = tmp_path / "ingested"
    code = textwrap.dedent(f"""
        import pathlib, sys, time
        import talentledger.jobs.batch as batch
        def killed_before_moving(*args, **kwargs):
            pathlib.Path({str(flag)!r}).touch()
            time.sleep(300)
        batch._move = killed_before_moving
        from talentledger.cli import main
        sys.argv = ["talentledger", "batch", "--inbox", {str(tmp_path / 'inbox')!r},
                    "--db", {f"sqlite:///{tmp_path / 'b.db'}"!r}]
        main()
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not flag.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), "the batch never reached the move"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    ingested = state(tmp_path)
    assert ingested[1] == 2 and len(names(tmp_path / "inbox")) == 4  # in the store, not yet moved

    result = batch(tmp_path)
    assert result.exit_code == 1
    everywhere = names(tmp_path / "inbox") + names(tmp_path / "archive") + [
        n for n in names(tmp_path / "rejected") if not n.endswith(("_问题标注.xlsx", "_问题清单.txt"))]
    assert sorted(everywhere) == sorted([".talentledger-batch.lock", "城北镇_m2t.xlsx", "城北镇_t2m.xlsx",
                                         "新庄镇_m2t.xlsx"])
    assert state(tmp_path) == ingested  # nothing counted twice, nothing re-ingested


def test_init_sets_up_a_jurisdiction(tmp_path):
    folder = tmp_path / "东海县"
    result = runner.invoke(app, ["init", str(folder), "--jurisdiction", "东海县", "--township", "东港街道",
                                 "--township", "新庄镇", "--year", "2006"])
    assert result.exit_code == 0, result.output
    assert names(folder) == ["inbox", "talentledger.toml", "空白台帐"]
    assert names(folder / "空白台帐") == ["东港街道_2006_三培养台帐.xlsx", "新庄镇_2006_三培养台帐.xlsx"]
    config = folder / "talentledger.toml"
    result = runner.invoke(app, ["check", str(folder / "空白台帐"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["init", str(folder)])
    assert again.exit_code == 2 and "已存在" in again.stderr


def test_a_new_county_starts_with_placeholder_targets_the_report_refuses(tmp_path, monkeypatch):
    from talentledger.ledger.config import load_config
    folder = tmp_path / "东海县"
    assert runner.invoke(app, ["init", str(folder), "--township", "东港街道", "--year", "2006"]).exit_code == 0
    config = load_config(folder / "talentledger.toml", environ={})
    assert config.year == 2006 and list(config.targets) == [2006] and config.targets[2006].placeholder
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["report", "--year", "2006"])
    assert result.exit_code == 2 and "还不存在或是空的" in result.stderr
    assert not (folder / "talentledger.db").exists()  # asking did not create one
    write_ledger(folder / "inbox" / "东港街道.xlsx", [{**M2T, "所属镇（街道）": "东港街道"}])
    assert runner.invoke(app, ["ingest", str(folder / "inbox")]).exit_code == 0
    result = runner.invoke(app, ["report", "--year", "2006"])
    assert result.exit_code == 2 and "[targets.2006] 还是 init 写入的占位数" in result.stderr
    toml = folder / "talentledger.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("placeholder = true\n", "")
                    .replace("developed = 0", "developed = 10"), encoding="utf-8")
    assert runner.invoke(app, ["report", "--year", "2006", "--format", "json", "--out", "r.json"]).exit_code == 0
    assert json.loads((folder / "r.json").read_text(encoding="utf-8"))["total"]["measures"]["developed"]["target"] == 10


def test_sample_targets_are_written_on_request(tmp_path):
    from talentledger.ledger.config import SEED_TARGETS, load_config
    folder = tmp_path / "试用"
    assert runner.invoke(app, ["init", str(folder), "--sample-targets", "--year", "2006"]).exit_code == 0
    config = load_config(folder / "talentledger.toml", environ={})
    assert config.targets == SEED_TARGETS and config.targets_for(2006)["cadres"] == 500


def test_attachments_are_kept_not_rejected(tmp_path):
    """A cover letter and a scan sent with the ledgers: archived under 附件/, logged, and the
    run is as quiet and as successful as without them."""
    inbox = jurisdiction(tmp_path)
    (inbox / "新庄镇_m2t.xlsx").unlink()
    (inbox / "报送说明.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (inbox / "签字页.pdf").write_bytes(b"%PDF-1.4\n")
    for path in inbox.iterdir():
        os.utime(path, (OLD, OLD))
    result = batch(tmp_path)
    assert result.exit_code == 0 and result.output == ""
    assert names(tmp_path / "archive") == ["城北镇_m2t.xlsx", "城北镇_t2m.xlsx", "附件"]
    assert names(tmp_path / "archive" / "附件") == ["报送说明.docx", "签字页.pdf"]
    assert not (tmp_path / "rejected").exists()
    log = [json.loads(line) for line in (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()]
    assert sorted(e["file"] for e in log if e.get("outcome") == "attachment") == ["报送说明.docx", "签字页.pdf"]
    assert log[-1]["attachments"] == 2


def test_placeholder_targets_hold_back_the_report_not_the_intake(tmp_path):
    inbox = jurisdiction(tmp_path)
    (inbox / "新庄镇_m2t.xlsx").unlink()
    config = tmp_path / "talentledger.toml"
    config.write_text("year = 2006\n[targets.2006]\nplaceholder = true\nmember_to_talent = 0\nactivists = 0\n"
                      "developed = 0\ncadres = 0\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", "--inbox", str(inbox), "--db", str(tmp_path / "b.db"),
                                 "--out", str(tmp_path / "reports"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert names(tmp_path / "archive") == ["城北镇_m2t.xlsx", "城北镇_t2m.xlsx"]
    assert names(tmp_path / "reports") == []
    assert result.stdout.strip().splitlines()[-1:] == [
        f"未更新 2006 年度报告：配置文件“{config}”中的 [targets.2006] 还是 init 写入的占位数，不能用于统计。"
        "请填入本辖区 2006 年的目标并删除其中的 placeholder = true 一行，或先入库 2006 年的目标任务分解表"]
    run = json.loads((tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()[-1])
    assert run["archived"] == 2 and run["unreported"][0].startswith("未更新 2006 年度报告")
