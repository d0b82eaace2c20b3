"""The README keeps up with the code: every command and option is documented, and every
dependency is named with what it does (as sqlite-utils's tests/test_docs.py does)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import typer

from talentledger.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_its_section(name):
    assert re.search(rf"^##+ .*`(talentledger )?{name}`", README, re.M), f"no README heading names `{name}`"


@pytest.mark.parametrize(("name", "option"), sorted(
    (name, opt) for name, command in COMMANDS.items() for param in command.params
    for opt in param.opts if opt.startswith("--") and opt != "--help"))
def test_every_option_is_documented(name, option):
    assert re.search(rf"{re.escape(option)}(?![\w-])", README), f"{name} {option}"


def _requirement_names() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["postgresql"]
    return [re.split(r"[<>=\[ ]", r, maxsplit=1)[0] for r in requirements]


@pytest.mark.parametrize("package", _requirement_names())
def test_every_dependency_is_named_in_the_readme(package):
    section = README.split("## 用到的库", 1)[1].split("\n## ", 1)[0]
    assert re.search(rf"\b{re.escape(package.split('[')[0])}\b", section, re.I), package


def test_ledgers_doc_is_made_from_the_models():
    from talentledger.ledger.fields import ledgers_markdown
    docs = (ROOT / "docs" / "ledgers.md").read_text(encoding="utf-8")
    assert docs.endswith(ledgers_markdown()), "run python scripts/make_docs.py"


def test_every_code_the_docs_name_exists():
    from talentledger.ledger.fields import MODELS, columns_of
    from talentledger.ledger.findings import CODES
    fields = {name for kind in MODELS for name in columns_of(kind)}
    for page in ("ledgers.md", "reading.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8").split("<!-- 以下内容由")[0]
        named = {c for c in re.findall(r"`([a-z]+_[a-z_]+)`", text) if not c.endswith("_date")}
        assert named <= set(CODES) | fields, (page, named - set(CODES) - fields)


def test_no_comment_cites_a_document_outside_the_repository():
    """The code follows the project's own docs/, not an outside specification."""
    for path in (ROOT / "src").rglob("*.py"):
        assert not re.search(r"\bSPEC\b", path.read_text(encoding="utf-8")), path


def test_quality_doc_lists_every_default_indicator_and_detector():
    from talentledger.ledger.config import DEFAULT_INDICATORS, QualityThresholds
    from talentledger.report.quality import DETECTORS
    text = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    for key, rule in DEFAULT_INDICATORS.items():
        assert f"| `{key}` | {rule['title']} |" in text, key
    for code, (title, _, importance) in DETECTORS.items():
        assert f"| `{code}` | {title} |" in text and importance in text, code
    for setting in QualityThresholds.model_fields:
        if setting != "indicators":
            assert f"{setting} = " in text, setting
