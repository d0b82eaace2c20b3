"""The floor plan holds: each package is one stage, imports run one way only (down the
path read → check → store → report → output, with `ledger` shared by all and `jobs` and `cli`
on top), no two modules share a name, and nothing but the entry points lies loose at the top."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "talentledger"

# What each package may import, besides itself. The README's 架构 section draws the same arrows.
ALLOWED = {
    "ledger": set(),
    "read": {"ledger"},
    "check": {"ledger", "read"},
    "store": {"ledger"},
    "report": {"ledger", "store"},
    "output": {"ledger", "read", "check"},
    "jobs": {"ledger", "read", "check", "store", "report", "output"},
    "cli": {"ledger", "read", "check", "store", "report", "output", "jobs"},
}
ENTRY_POINTS = {"__init__.py", "__main__.py"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _imported_packages(path: Path) -> set[str]:
    """The top-level talentledger packages a module imports (relative imports resolved)."""
    found = set()
    package = path.relative_to(PACKAGE).parts[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add(package)  # `from .months import …` inside its own package
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("talentledger."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "talentledger":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("talentledger."))
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    package = path.relative_to(PACKAGE).parts[0]
    if package in ENTRY_POINTS:
        return
    wrong = _imported_packages(path) - ALLOWED[package] - {package, "__version__"}
    assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}: {package} may import only {sorted(ALLOWED[package])}"


def test_every_package_is_in_the_plan_and_nothing_lies_loose():
    top = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert top == set(ALLOWED) | ENTRY_POINTS


def test_no_two_modules_share_a_name():
    names = Counter(p.stem for p in _modules() if p.name not in ENTRY_POINTS)
    assert [name for name, n in names.items() if n > 1] == []


def test_the_readme_draws_the_same_plan():
    """The README's 架构 section has one arrow line per package: `jobs/ → ledger, read, …`."""
    readme = (PACKAGE.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 架构", 1)[1].split("\n## ", 1)[0]
    drawn = {}
    for line in section.splitlines():
        head, arrow, tail = line.strip().partition(" → ")
        if arrow and head.endswith("/") and head[:-1] in ALLOWED:
            drawn[head[:-1]] = {t.strip() for t in tail.split(",") if t.strip() not in ("", "—")}
    assert drawn == ALLOWED


@pytest.mark.parametrize("path", [p for p in _modules() if p.relative_to(PACKAGE).parts[0] != "store"],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_all_sql_lives_behind_the_store(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m for m in imported if m.split(".")[0] in ("sqlalchemy", "alembic")}
