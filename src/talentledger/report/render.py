"""Rendering the report model: HTML and Markdown through Jinja templates a user can replace,
xlsx through openpyxl, JSON by `model_dump_json` — all from the same `Report`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)

from talentledger.ledger.errors import TalentLedgerError
from talentledger.ledger.fields import KIND_SHORT, Kind
from talentledger.report.model import SCORE_CAP, Report
from talentledger.report.wording import FILTERS
from talentledger.report.workbook import write_workbook

FORMATS = ("html", "xlsx", "md", "json")
TEMPLATE_OF = {"html": "report.html.j2", "md": "report.md.j2"}


class TemplateProblem(TalentLedgerError):
    """A user template that cannot be rendered; the message names the template and line."""


# What Markdown would take as markup or raw HTML in a value printed into the report (a township
# named "<script>…" or "A|B"): shown as text instead.
_MARKDOWN_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "\n": " ", "\r": " "})


def _markdown_text(value: object) -> object:
    return value.translate(_MARKDOWN_SPECIAL) if isinstance(value, str) else value


def environment(user_templates: Path | None = None, fmt: str = "html") -> Environment:
    """Templates from the user's folder first, then the shipped ones; the shipped ones are also
    reachable as `default:NAME`, so a user template can extend them. HTML is autoescaped;
    every value printed into Markdown is escaped by `finalize`."""
    shipped = PackageLoader("talentledger.report", "templates")
    loaders = [FileSystemLoader(str(user_templates))] if user_templates else []
    env = Environment(
        loader=ChoiceLoader([*loaders, PrefixLoader({"default": shipped}, delimiter=":"), shipped]),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_markdown_text if fmt == "md" else None,
    )
    env.filters.update(FILTERS, kind_name=lambda k: KIND_SHORT[Kind(k)])
    env.globals.update(score_cap=SCORE_CAP)
    return env


def render_text(report: Report, fmt: str, user_templates: Path | None = None) -> str:
    """HTML or Markdown text of the report."""
    env = environment(user_templates, fmt)
    try:
        return env.get_template(TEMPLATE_OF[fmt]).render(report=report, r=report)
    except TemplateError as exc:
        where = f"（{exc.name}，第{exc.lineno}行）" if getattr(exc, "lineno", None) else ""
        raise TemplateProblem(f"报告模板出错{where}：{exc.message}") from None


def write_report(report: Report, fmt: str, out: Path, user_templates: Path | None = None) -> Path:
    """Write the report in `fmt` to `out` (atomically: a half-written report never appears)."""
    writers: dict[str, Callable[[Path], None]] = {
        "json": lambda p: p.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8"),
        "html": lambda p: p.write_text(render_text(report, "html", user_templates), encoding="utf-8"),
        "md": lambda p: p.write_text(render_text(report, "md", user_templates), encoding="utf-8"),
        "xlsx": lambda p: write_workbook(report, p),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    writers[fmt](tmp)
    tmp.replace(out)
    return out


def default_name(report: Report, fmt: str) -> str:
    return f"三培养完成情况_{report.year}年_截至{report.as_of:%Y%m%d}.{fmt}"

