"""The cron script as cron runs it: no environment but cron's PATH, the home folder as working folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import M2T, write_ledger

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import readme_walkthrough  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "talentledger-cron.sh"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def cron(command: str, home: Path, **extra: str) -> subprocess.CompletedProcess:
    env = ["env", "-i", f"PATH={readme_walkthrough.CRON_PATH}", f"HOME={home}", "SHELL=/bin/sh",
           *(f"{k}={v}" for k, v in extra.items())]
    return subprocess.run([*env, "/bin/sh", "-c", command], cwd=home, capture_output=True, text=True, timeout=300)


def county(tmp_path: Path) -> Path:
    folder = tmp_path / "三培养"
    subprocess.run([sys.executable, "-m", "talentledger", "init", str(folder), "--sample-targets", "--year", "2006"],
                   check=True, capture_output=True)
    write_ledger(folder / "inbox" / "城北镇_m2t.xlsx", [M2T])
    old = time.time() - 600
    os.utime(folder / "inbox" / "城北镇_m2t.xlsx", (old, old))
    return folder


def test_the_script_finds_talentledger_beside_itself_under_crons_path(tmp_path):
    """Installed as the README says: in the bin/ folder of the tool's virtual environment."""
    bin_folder = tmp_path / "opt" / "bin"
    bin_folder.mkdir(parents=True)
    (bin_folder / "talentledger").symlink_to(shutil.which("talentledger", path=str(Path(sys.executable).parent)))
    shutil.copy(SCRIPT, bin_folder)
    folder = county(tmp_path)
    done = cron(f"{bin_folder / SCRIPT.name} {folder}", tmp_path)
    assert done.returncode == 0 and done.stdout == done.stderr == "", done.stderr
    assert (folder / "archive" / "城北镇_m2t.xlsx").is_file()
    assert sorted(p.name for p in (folder / "reports").iterdir())[0] == "三培养完成情况_2006年.html"


def test_without_talentledger_the_script_says_what_to_do(tmp_path):
    shutil.copy(SCRIPT, tmp_path)
    folder = county(tmp_path)
    done = cron(f"{tmp_path / SCRIPT.name} {folder}", tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("错误：找不到 talentledger 命令。请按 README“部署到服务器”")
    assert (folder / "inbox" / "城北镇_m2t.xlsx").is_file()


def test_the_readme_walkthrough_reads_the_readme():
    """What scripts/readme_walkthrough.py (run by CI) will run: the deployment, the cron folder, the report."""
    commands = [command for command, _ in readme_walkthrough.steps(README)]
    assert commands[0] == "python3 -m venv /opt/talentledger"
    assert any("talentledger-cron.sh /srv/三培养" in c for c in commands)
    assert any(" report --year 2006" in c for c in commands)
    assert readme_walkthrough.cron_command(README) == "/opt/talentledger/bin/talentledger-cron.sh /srv/三培养"
    assert readme_walkthrough.relocate("cp a /srv/三培养/inbox/", Path("/tmp/x")) == "cp a /tmp/x/srv/三培养/inbox/"
