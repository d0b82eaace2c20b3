"""Full ID numbers stay where they belong: every file the commands write and everything they
print is searched for the ID numbers of their input, and they are found only in the database
and in the township's own data (its submitted files, moved to archive/ or rejected/, and the
data copy inside its annotated workbook)."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import CADRE, M2T, T2M, id_born, write_ledger

RUN = [sys.executable, "-m", "talentledger"]


def _people(township: str, base: dict, first_serial: int, count: int = 3) -> list[dict]:
    return [{**base, "姓名": f"{township}{n}", "公民身份号码": id_born(1970 + n, 3, 3, serial=first_serial + n),
             "出生年月": "", "性别": "男", "所属镇（街道）": township} for n in range(count)]


def _contents(path: Path) -> bytes:
    """A file's bytes, and for a zip package (xlsx) every member's, inflated."""
    data = path.read_bytes()
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return b"".join(zf.read(name) for name in zf.namelist())
    return data


def test_full_id_numbers_are_only_in_the_database_and_the_townships_own_data(tmp_path):
    county = tmp_path / "county"
    subprocess.run([*RUN, "init", str(county), "--sample-targets", "--jurisdiction", "测试县", "--township", "城北镇",
                    "--township", "新庄镇", "--year", "2006"], check=True, capture_output=True)
    good = _people("城北镇", M2T, 10)
    wrong = _people("新庄镇", T2M, 20)
    wrong[1]["性别"] = "女"  # an error: the file is rejected, annotated, listed
    number = wrong[2]["公民身份号码"]
    wrong[2]["公民身份号码"] = number[:-1] + ("0" if number[-1] != "0" else "1")  # shown, masked, in findings
    cadres = _people("城北镇", CADRE, 30)
    inputs = [write_ledger(tmp_path / "城北镇_2006_党员培养成人才台帐.xlsx", good),
              write_ledger(tmp_path / "新庄镇_2006_人才培养成党员台帐.xlsx", wrong, title="新庄镇人才培养成党员台帐（2006年度）"),
              write_ledger(tmp_path / "城北镇_2006_党员人才培养成干部台帐.xlsx", cadres,
                           title="城北镇党员人才培养成干部台帐（2006年度）")]
    ids = [p["公民身份号码"].encode() for p in good + wrong + cadres]
    own = {hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs}
    printed = []

    def run(*args: str) -> None:
        done = subprocess.run([*RUN, *args], cwd=county, capture_output=True,
                              env={**os.environ, "TALENTLEDGER_DB": ""})
        printed.append(done.stdout + done.stderr)

    checked = [str(p) for p in inputs]
    run("check", *checked)
    run("check", *checked, "--format", "json")
    run("check", *checked, "--annotate", str(county / "标注"))
    for path in inputs:
        target = county / "inbox" / path.name
        target.write_bytes(path.read_bytes())
        os.utime(target, (0, 0))
    run("batch", "--inbox", str(county / "inbox"), "--out", str(county / "reports"), "--year", "2006")
    run("ingest", *checked)
    run("status", "--year", "2006")
    run("status", "--year", "2006", "--history")
    for fmt in ("html", "xlsx", "md", "json"):
        run("report", "--year", "2006", "--format", fmt, "--out", str(county / f"报告.{fmt}"))

    for output in printed:
        assert not [i for i in ids if i in output], output.decode()[:500]
    leaks = []
    for path in sorted(p for p in county.rglob("*") if p.is_file()):
        if path.name.startswith("talentledger.db"):
            continue  # the database keeps them: that is what it is for
        if hashlib.sha256(path.read_bytes()).hexdigest() in own:
            continue  # a township's own file, archived or returned
        content = _contents(path)
        found = [i for i in ids if i in content]
        if "问题标注" in path.name:
            continue  # the annotated workbook holds a copy of the township's own sheet
        if found:
            leaks.append((str(path.relative_to(county)), len(found)))
    assert leaks == []
    # What was searched: the run did all it does.
    assert "新庄镇_2006_人才培养成党员台帐_问题清单.txt" in [p.name for p in (county / "rejected").glob("*_问题清单.txt")]
    assert len(list((county / "reports").iterdir())) == 4 and any((county / "标注").iterdir())
    assert b"320682" in b"".join(printed) and b"********" in b"".join(printed)  # masked, not absent
