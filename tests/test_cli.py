"""The command line as a user meets it: output, JSON shape, exit codes, help, annotate, config."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import DATA, M2T, write_ledger
from talentledger.check import Options, check_paths
from talentledger.cli import app
from talentledger.store import Store

runner = CliRunner()

# The shape of `check --format json`, as the README promises it.
FINDING = {
    "type": "object",
    "required": ["code", "severity", "sheet", "row", "column", "cell", "field", "value", "message"],
    "properties": {
        "code": {"type": "string"}, "severity": {"enum": ["error", "warning"]},
        "sheet": {"type": ["string", "null"]}, "row": {"type": ["integer", "null"]},
        "column": {"type": ["string", "null"]}, "cell": {"type": ["string", "null"]},
        "field": {"type": ["string", "null"]}, "value": {"type": ["string", "null"]},
        "message": {"type": "string", "minLength": 1},
    },
}
SCHEMA = {
    "type": "object",
    "required": ["files", "summary"],
    "properties": {
        "files": {"type": "array", "items": {
            "type": "object", "required": ["path", "readable", "sheets", "findings"],
            "properties": {
                "path": {"type": "string"}, "readable": {"type": "boolean"},
                "sheets": {"type": "array", "items": {
                    "type": "object", "required": ["sheet", "kind", "rows", "errors", "warnings"],
                    "properties": {
                        "sheet": {"type": "string"},
                        "kind": {"enum": ["member-to-talent", "talent-to-member", "talent-to-cadre",
                                          "targets", "roster", "unknown"]},
                        "rows": {"type": "integer"}, "errors": {"type": "integer"}, "warnings": {"type": "integer"},
                    }}},
                "findings": {"type": "array", "items": FINDING},
            }}},
        "summary": {"type": "object", "required": ["files", "rows", "errors", "warnings"],
                    "properties": {k: {"type": "integer"} for k in ("files", "rows", "errors", "warnings")}},
    },
}


def bad_ledger(tmp_path):
    return write_ledger(tmp_path / "城北镇.xlsx", [{**M2T, "公民身份号码": "320682197807213758"}])


def test_json_output_matches_spec_shape(tmp_path):
    result = runner.invoke(app, ["check", str(bad_ledger(tmp_path)), str(DATA), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    first = document["files"][0]
    assert first["sheets"][0]["kind"] == "member-to-talent"
    finding = first["findings"][0]
    assert finding["cell"] == "C3" and finding["value"] == "320682********3758"
    spreadsheets = [p for p in DATA.rglob("*") if p.suffix in {".xlsx", ".xls", ".ods", ".csv"}]
    assert document["summary"]["files"] == 1 + len(spreadsheets) == len(document["files"])


def test_plain_output_when_piped(tmp_path):
    result = runner.invoke(app, ["check", str(bad_ledger(tmp_path))])
    assert result.exit_code == 1
    assert "台帐!C3: 错误 [id_invalid] 公民身份号码“320682********3758”校验码不正确" in result.stdout
    assert "共检查 1 个文件、1 行：错误 1 处，警告 0 处。" in result.stdout


def test_exit_codes(tmp_path):
    clean = write_ledger(tmp_path / "clean.xlsx", [M2T])
    warn = write_ledger(tmp_path / "warn.xlsx", [{**M2T, "年度培训次数": 1}])
    assert runner.invoke(app, ["check", str(clean)]).exit_code == 0
    assert runner.invoke(app, ["check", str(warn)]).exit_code == 0
    assert runner.invoke(app, ["check", str(bad_ledger(tmp_path))]).exit_code == 1
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"nothing")
    assert runner.invoke(app, ["check", str(junk)]).exit_code == 2
    assert runner.invoke(app, ["check", str(tmp_path / "nope.xlsx")]).exit_code == 2
    assert runner.invoke(app, ["check", str(clean), "--format", "pdf"]).exit_code == 2


def test_missing_path_is_named(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope.xlsx")])
    assert "找不到文件或文件夹" in result.stderr and "nope.xlsx" in result.stderr
    assert "Traceback" not in result.output


def test_glob_and_folder(tmp_path):
    write_ledger(tmp_path / "a.xlsx", [M2T])
    (tmp_path / "sub").mkdir()
    write_ledger(tmp_path / "sub" / "b.xlsx", [{**M2T, "所属镇（街道）": "新庄镇"}])
    folder = json.loads(runner.invoke(app, ["check", str(tmp_path), "--format", "json"]).stdout)
    assert folder["summary"]["files"] == 2
    assert {f["code"] for f in folder["files"][0]["findings"]} == {"duplicate_across_files"}
    globbed = json.loads(runner.invoke(app, ["check", str(tmp_path / "*.xlsx"), "--format", "json"]).stdout)
    assert globbed["summary"]["files"] == 1


def test_show_ids_unmasks(tmp_path):
    result = runner.invoke(app, ["check", str(bad_ledger(tmp_path)), "--show-ids"])
    assert "320682197807213758" in result.stdout


@pytest.mark.parametrize("command", [None, "check"])
def test_every_command_has_chinese_help(command):
    from typer.main import get_command
    group = get_command(app)
    commands = [command] if command else list(group.commands)
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert group.commands[name].help, f"{name} has no help text"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in group.commands[name].help)
        for param in group.commands[name].params:
            if param.name != "help":
                assert getattr(param, "help", None), f"{name} {param.name} has no help"


def test_help_speaks_chinese_and_keeps_its_columns():
    from rich.cells import cell_len
    from typer.main import get_command
    for name in [None, *get_command(app).commands]:
        result = runner.invoke(app, [name, "--help"] if name else ["--help"], prog_name="talentledger",
                               terminal_width=80)
        text = result.stdout
        assert text.startswith("用法：talentledger") and "选项：" in text
        for english in ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "required",
                        "[default", "<str>", "list[str]"):
            assert english not in text, f"{name}: {english!r} left in English"
        starts = set()
        for line in text.splitlines():
            assert cell_len(line) <= 80, f"{name}: line too wide: {line}"
            m = re.match(r"^  (--\S+(?: \S+)?)( {2,})\S", line)
            if m:
                starts.add(cell_len(m[1]) + len(m[2]))
        assert len(starts) <= 1, f"{name}: option descriptions start at columns {starts}"


@pytest.mark.parametrize(("value", "said"), [("abc", "选项 --year 的值应为整数"), ("3000", "选项 --year 的值应不大于 2100"),
                                          ("1800", "选项 --year 的值应不小于 1990")])
def test_bad_year_is_explained_in_chinese(value, said):
    from talentledger.cli.app import explain_usage_error
    result = runner.invoke(app, ["report", "--year", value])  # click's own words, as main() receives them
    assert result.exit_code == 2
    assert said in explain_usage_error(result.output)


@pytest.mark.parametrize(("args", "said"), [
    (["check", "x", "--config", "{tmp}"], "选项 --config 的值无效：“{tmp}”是文件夹，这里要写文件"),
    (["batch", "--inbox", "{file}"], "选项 --inbox 的值无效：“{file}”是文件，这里要写文件夹"),
    (["init", "{file}"], "参数 文件夹 的值无效：“{file}”是文件，这里要写文件夹"),
    (["report", "--year", "2006", "--templates", "{tmp}/无"], "选项 --templates 的值无效：“{tmp}/无”不存在"),
    (["rollback", "--year", "2006", "--track", "x"], "选项 --track 的值“x”无效，可选：member-to-talent（党员培养成人才）、talent-to-member（人才培养成党员）"),
    (["report", "--years", "2005", "2007"], "多余的参数：2007"),  # click's "extra argument(s)"
])
def test_path_and_choice_usage_errors_are_chinese(tmp_path, args, said):
    from talentledger.cli.app import explain_usage_error
    a_file = tmp_path / "a.txt"
    a_file.write_text("x", encoding="utf-8")
    result = runner.invoke(app, [a.format(tmp=tmp_path, file=a_file) for a in args])
    assert result.exit_code == 2
    explained = explain_usage_error(result.output)
    assert said.format(tmp=tmp_path, file=a_file) in explained and _english_sentence(explained) == []


def test_wrapping_respects_chinese_punctuation():
    from talentledger.cli.help import wrap_cells
    lines = wrap_cells("把标注了问题的副本（.xlsx）写到此文件夹，便于退回镇（街道）修改。 [默认：text]", 24)
    assert all(not line.startswith(("，", "。", "）")) and not line.endswith("（") for line in lines)
    assert lines[-1] == "[默认：text]"
    assert "".join(lines).replace(" ", "") == "把标注了问题的副本（.xlsx）写到此文件夹，便于退回镇（街道）修改。[默认：text]"


def test_bad_config_names_the_key(tmp_path):
    config = tmp_path / "talentledger.toml"
    config.write_text('bottom_count = "三"\n[[townships]]\nname = "城北镇"\nalias = ["城北"]\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad_ledger(tmp_path)), "--config", str(config)])
    assert result.exit_code == 2
    assert "bottom_count" in result.stderr
    config.write_text('[[townships]]\nname = "城北镇"\nalias = ["城北"]\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad_ledger(tmp_path)), "--config", str(config)])
    assert "townships.0.alias" in result.stderr and "不认识这个配置项" in result.stderr
    config.write_text("[[townships]\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad_ledger(tmp_path)), "--config", str(config)])
    assert "第 1 行（[[townships]）不是有效的 TOML：双方括号没有配对" in result.stderr
    assert "Traceback" not in result.output


def test_bad_sector_in_config_is_named(tmp_path):
    config = tmp_path / "talentledger.toml"
    config.write_text('[[townships]]\nname = "城北镇"\nsectors = ["农村", "工业"]\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad_ledger(tmp_path)), "--config", str(config)])
    assert result.exit_code == 2
    assert "townships.0.sectors" in result.stderr and "“工业”不是领域" in result.stderr


def test_an_unregistered_township_is_named_once_per_sheet_and_value(tmp_path):
    from talentledger.ledger.townships import Registry
    ids = ["320682197807213757", "32068219750218633X", "110101199003074514", "110101198001010016"]
    rows = [{**M2T, "公民身份号码": i, "出生年月": "", "所属镇（街道）": town}
            for i, town in zip(ids, ["东港镇", "东港镇", "城北镇", "东港镇"], strict=True)]
    path = write_ledger(tmp_path / "l.xlsx", rows, title=None)
    result = check_paths([path], Options(registry=Registry({"城北镇": [], "东港街道": ["东港"]})))
    found = [f for f in result.files[0].findings if f.code == "unknown_township"]
    assert [(f.cell, f.message) for f in found] == [
        ("F2", "“东港镇”不是本辖区登记的镇（街道）（本表第 2、3、5 行，共 3 行）。请使用规范名称，如：城北镇、东港街道。")]


def test_config_registry_is_used(tmp_path):
    config = tmp_path / "talentledger.toml"
    config.write_text('[[townships]]\nname = "新庄镇"\naliases = ["新庄"]\n', encoding="utf-8")
    clean = write_ledger(tmp_path / "clean.xlsx", [M2T])
    result = runner.invoke(app, ["check", str(clean), "--config", str(config), "--format", "json"])
    codes = [f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert codes == ["unknown_township"]


def test_annotate_writes_marked_copy(tmp_path):
    source = bad_ledger(tmp_path)
    out = tmp_path / "退回"
    result = runner.invoke(app, ["check", str(source), "--annotate", str(out)])
    assert result.exit_code == 1
    target = out / "城北镇_问题标注.xlsx"
    wb = load_workbook(target)
    assert wb.sheetnames == ["问题清单", "台帐"]
    listing = wb["问题清单"]
    assert listing["C2"].value == "C3"
    assert listing["C2"].hyperlink.location == "'台帐'!C3"
    assert "校验码不正确" in listing["F2"].value
    cell = wb["台帐"]["C3"]
    assert cell.fill.start_color.rgb.endswith("FFC7CE")
    assert "校验码不正确" in cell.comment.text
    assert cell.value == "320682197807213758"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_annotated_copy_opens_in_libreoffice(tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["check", str(bad_ledger(tmp_path)), "--annotate", str(out)])
    target = out / "城北镇_问题标注.xlsx"
    converted = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(tmp_path / "csv"), str(target)],
        capture_output=True, timeout=180, check=False)
    assert converted.returncode == 0, converted.stderr
    texts = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "csv").glob("*.csv"))
    assert "id_invalid" in texts and "320682197807213758" in texts


def test_real_subprocess(tmp_path):
    source = bad_ledger(tmp_path)
    done = subprocess.run([sys.executable, "-m", "talentledger", "check", str(source), "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["errors"] == 1
    done = subprocess.run([sys.executable, "-m", "talentledger", "--debug", "check", str(tmp_path / "x.xlsx")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0 and "UsageProblem" in done.stderr  # --debug shows the traceback
    done = subprocess.run([sys.executable, "-m", "talentledger", "check", str(tmp_path / "x.xlsx")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "找不到文件或文件夹" in done.stderr
    done = subprocess.run([sys.executable, "-m", "talentledger", "check", str(source), "--formt", "json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2 and "用法错误：没有选项 --formt，是否想用 --format？" in done.stderr


def test_rich_view_shows_how_the_sheet_was_read(tmp_path):
    from rich.console import Console

    from talentledger.check import check_paths
    from talentledger.cli.terminal import render_rich
    console = Console(record=True, width=160, force_terminal=True)
    render_rich(check_paths([DATA / "donggang_2006_traditional.xls"]), console, verbose=True)
    text = console.export_text()
    assert "类别：把优秀人才培养成党员" in text and "镇（街道）：东港街道" in text
    assert "遞交入黨申請時間" in text and "递交入党申请时间" in text
    assert "表头：第3–4行" in text
    quiet = Console(record=True, width=160, force_terminal=True)
    render_rich(check_paths([DATA / "donggang_2006_traditional.xls"]), quiet)
    text = quiet.export_text()  # a clean sheet: how it was read, not its column map
    assert "类别：把优秀人才培养成党员" in text and "遞交入黨申請時間" not in text


@pytest.mark.parametrize("width", [80, 120])
def test_findings_wrap_and_are_never_cut(tmp_path, width):
    """At 80 columns and wider, every message is whole (wrapped, not cut with "…"), the
    sheet's kind is in Chinese, and the run ends with the files to return."""
    from talentledger.check import check_paths
    from talentledger.cli.terminal import Console, render_rich
    path = write_ledger(tmp_path / "城北镇.xlsx", [{**M2T, "公民身份号码": "320682197807213758", "领域": "农业口"}])
    result = check_paths([path])
    console = Console(record=True, width=width, force_terminal=True)
    render_rich(result, console)
    text = console.export_text()
    flat = re.sub(r"[\s│┃|]+", "", text)
    for finding in result.files[0].findings:
        assert re.sub(r"\s+", "", finding.message) in flat
    assert "…" not in text and "member-to-talent" not in text and "党员培养成人才" in text
    assert text.rstrip().endswith(str(path))
    from rich.cells import cell_len
    assert max(cell_len(line) for line in text.splitlines()) <= width


def test_report_formats_offered_are_the_report_packages():
    from talentledger.cli.app import ReportFormat
    from talentledger.report import FORMATS
    assert tuple(ReportFormat) == FORMATS


def test_check_json_is_the_library_result_serialised(tmp_path):
    """The command line adds nothing and drops nothing: its JSON is CheckResult.to_json()."""
    from talentledger.check import check_paths
    from talentledger.ledger.townships import Registry
    paths = [bad_ledger(tmp_path), *sorted(DATA.glob("*.xls"))]
    result = runner.invoke(app, ["check", *map(str, paths), "--format", "json", "--today", "2026-11-23"])
    library = check_paths(paths, Options(today=dt.date(2026, 11, 23), registry=Registry()))
    assert json.loads(result.stdout) == json.loads(library.to_json())


def _english_sentence(text: str) -> list[str]:
    """Runs of three or more English words: what a clerk could not read (quoted paths and
    addresses left out)."""
    text = re.sub(r"“[^”]*”", "", text)
    return re.findall(r"[A-Za-z][A-Za-z-]+(?:[ ,'.:]+[A-Za-z][A-Za-z-]+){2,}", text)


@pytest.mark.parametrize("args", [
    ["template", "--out", "{file}/空白.xlsx"],
    ["report", "--year", "2006", "--db", "sqlite:///{tmp}/r.db", "--out", "{file}/报告.html"],
    ["check", "{ledger}", "--annotate", "{file}/标注"],
    ["init", "{file}/县"],
    ["status", "--year", "2006", "--db", "sqlite:///{file}"],
    ["ingest", "{ledger}", "--db", "sqlite:///{file}"],
    ["report", "--year", "2006", "--db", "sqlite:///{tmp}/没有的文件夹/r.db"],
    ["status", "--year", "2006", "--db", "postgresql+psycopg://a:b@127.0.0.1:1/x"],
    ["status", "--year", "2006", "--db", "不是地址::"],
    ["report", "--year", "2006", "--db", "{tmp}/没有入库过.db"],
    ["status", "--year", "2006", "--db", "{tmp}/没有入库过.db"],
    ["check", "{ledger}", "--config", "{tmp}/坏的.toml"],
    ["check", "{ledger}", "--config", "{tmp}/没有的.toml"],
    ["report", "--year", "2006", "--db", "{tmp}/r.db", "--format", "md", "--templates", "{tmp}/模板"],
    ["report", "--year", "2026", "--db", "{tmp}/r.db", "--config", "{tmp}/占位.toml"],
], ids=["template-out", "report-out", "annotate", "init", "not-sqlite-status", "not-sqlite-ingest",
        "db-folder-missing", "db-refused", "db-url", "report-no-db", "status-no-db", "toml-syntax",
        "config-missing", "template-broken", "placeholder-targets"])
def test_expected_failures_are_one_chinese_line(tmp_path, args):
    """A folder that cannot be written, a file that is not a database, a server that does not
    answer: one Chinese line naming the thing and the fix, exit 2, no traceback, no English."""
    a_file = tmp_path / "文本.txt"
    a_file.write_text("这不是表格也不是数据库\n", encoding="utf-8")
    ledger = bad_ledger(tmp_path)
    Store(f"sqlite:///{tmp_path / 'r.db'}").close()  # a database that exists, with nothing in it
    (tmp_path / "坏的.toml").write_text('jurisdiction = “东海县”\n', encoding="utf-8")
    (tmp_path / "占位.toml").write_text("[targets.2026]\nplaceholder = true\nmember_to_talent = 0\n"
                                      "activists = 0\ndeveloped = 0\ncadres = 0\n", encoding="utf-8")
    (tmp_path / "模板").mkdir()
    (tmp_path / "模板" / "report.md.j2").write_text("标题\n{% for x in r.nonexistent %}{% endfor %}\n", encoding="utf-8")
    args = [a.format(file=a_file, tmp=tmp_path, ledger=ledger) for a in args]
    done = subprocess.run([sys.executable, "-m", "talentledger", *args], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env={**os.environ, "TALENTLEDGER_DB": ""})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.startswith("错误：")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert _english_sentence(done.stderr) == []


def test_version_is_one_line():
    from talentledger import __version__
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"talentledger {__version__}\n"


def test_h_is_help():
    assert runner.invoke(app, ["-h"]).exit_code == 0
    assert "用法" in runner.invoke(app, ["check", "-h"]).stdout
