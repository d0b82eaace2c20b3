"""The command line: parses arguments, calls the library, prints. No checking logic here."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from typer.exceptions import TyperException

from talentledger import __version__
from talentledger.check import CheckResult, Options, check_paths, collect_paths
from talentledger.cli.help import ChineseHelpCommand, ChineseHelpGroup
from talentledger.cli.terminal import Console, render_plain, render_rich
from talentledger.ledger.atomic import write_atomically
from talentledger.ledger.config import Config, database_url, load_config
from talentledger.ledger.errors import ExitCode, TalentLedgerError, UsageProblem, os_reason, translate
from talentledger.ledger.fields import KIND_SHORT, Kind

if TYPE_CHECKING:
    from talentledger.jobs.batch import BatchResult
    from talentledger.jobs.ingest import IngestResult
    from talentledger.report.quality import Assessment
    from talentledger.store import Store

app = typer.Typer(
    help="党员人才工程（三培养）台帐工具：检查报送的台帐、入库、统计完成情况。",
    cls=ChineseHelpGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}
PROGRESS_FROM = 5  # files; fewer finish before a bar would be worth drawing


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        print(f"talentledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的程序调用栈（供开发人员排查）。")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="显示版本号后退出。")] = False,
) -> None:
    """党员人才工程（三培养）台帐工具。"""
    _state["debug"] = debug
    # Everything the tool writes (database, annotated and rejected copies, reports, logs) holds
    # personal data: readable by its owner only. The README says how to share a report.
    os.umask(0o077)


def friendly(command: Callable[..., None]) -> Callable[..., None]:
    """Show program failures in Chinese without a traceback (unless --debug), with their exit code."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except TalentLedgerError as exc:
            if _state["debug"]:
                raise
            Console(stderr=True).print(f"错误：{exc}", markup=False, highlight=False)
            raise typer.Exit(int(exc.exit_code)) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except OSError as exc:  # a folder we cannot write, a disk that is full …
            if _state["debug"]:
                raise
            where = f"“{exc.filename}”" if exc.filename else "文件"
            Console(stderr=True).print(f"错误：无法读写{where}：{os_reason(exc)}。请检查路径、权限和磁盘空间后重试。",
                                       markup=False, highlight=False)
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except Exception as exc:  # a fault of the program itself, never of a submitted file
            if _state["debug"]:
                raise
            Console(stderr=True).print(
                f"程序内部错误（{type(exc).__name__}：{exc}），不是报送文件的问题。"
                "请加 --debug 重新运行（talentledger --debug ...），把输出发给维护人员。",
                markup=False, highlight=False)
            raise typer.Exit(int(ExitCode.FAULT)) from None

    return wrapper


ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help="配置文件（TOML）。缺省时使用当前文件夹下的 talentledger.toml，没有则用内置默认值。",
    dir_okay=False)]


@app.command(cls=ChineseHelpCommand)
@friendly
def check(
    paths: Annotated[list[str], typer.Argument(metavar="路径", help="要检查的文件、文件夹（含子文件夹）或通配符，可写多个。")],
    format: Annotated[TextOrJson, typer.Option("--format", help="输出格式：text（表格）或 json。")] = TextOrJson.text,
    annotate: Annotated[Path | None, typer.Option(
        "--annotate", help="把标注了问题的副本（.xlsx）写到此文件夹，便于退回镇（街道）修改。", file_okay=False)] = None,
    config: ConfigOption = None,
    show_ids: ShowIdsOption = False,
    today: Annotated[str | None, typer.Option("--today", metavar="<YYYY-MM-DD>", help="以此日期（YYYY-MM-DD）作为“今天”判断未来日期，默认今天。")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="每张工作表都列出各列识别为哪个标准列（缺省只列有问题的工作表）。")] = False,
) -> None:
    """检查报送的台帐，逐个单元格列出问题及修改方法。"""
    settings = load_config(config)
    options = Options(registry=settings.registry(), mask_ids=not show_ids, today=_parse_today(today))
    files = collect_paths(paths)
    console = Console(soft_wrap=False)
    report = _run_check(files, options, console, show_progress=format is TextOrJson.text)
    if annotate is not None:
        from talentledger.output.annotate import annotate_report
        written = annotate_report(report, annotate, options)
        if format is TextOrJson.text and console.is_terminal:
            console.print(f"已写出 {len(written)} 个标注文件到 {annotate}")
    if format is TextOrJson.json:
        sys.stdout.write(report.to_json() + "\n")
    elif console.is_terminal:
        render_rich(report, console, verbose)
    else:
        render_plain(report, console)
    _finish(report)


@contextmanager
def _store(option: str | None, settings: Config, create: bool = True) -> Iterator[Store]:
    """The database named by --db, the environment or the config, closed afterwards. Commands
    that only read (`create` false) refuse a database that does not exist yet.

    Imported here rather than at the top: SQLAlchemy and Alembic would slow every `check`.
    """
    from talentledger.store import Store
    store = Store(database_url(option, settings), create=create)
    try:
        yield store
    finally:
        store.close()


ShowIdsOption = Annotated[bool, typer.Option("--show-ids", help="输出完整的公民身份号码（默认中间8位打码）。")]
DbOption = Annotated[str | None, typer.Option(
    "--db", metavar="<数据库地址>", help="数据库地址，如 talentledger.db（本机文件）或 postgresql+psycopg://用户@主机/库名。"
                 "缺省时依次取环境变量 TALENTLEDGER_DB、配置文件，最后是当前文件夹下的 talentledger.db。")]


@app.command(cls=ChineseHelpCommand)
@friendly
def ingest(
    paths: Annotated[list[str], typer.Argument(metavar="路径", help="要入库的文件、文件夹或通配符，可写多个。")],
    db: DbOption = None,
    config: ConfigOption = None,
    year: Annotated[int | None, typer.Option("--year", metavar="<年度>", help="台帐所属年度；缺省时取标题或填报日期中的年份，再取文件名中的年份。",
                                              min=1990, max=2100)] = None,
    show_ids: ShowIdsOption = False,
) -> None:
    """检查后把没有错误的台帐存入数据库；同一镇（街道）同类同年的新报送替换旧报送。"""
    from talentledger.cli.terminal import render_ingest
    from talentledger.jobs.ingest import ingest_paths
    settings = load_config(config)
    options = Options(registry=settings.registry(), mask_ids=not show_ids)
    files = collect_paths(paths)
    with _store(db, settings) as store:
        report = ingest_paths(files, store, options, year=year)
    console = Console(soft_wrap=False)
    render_ingest(report, console, rich=console.is_terminal)
    _finish(report)


def _year_range(text: str) -> tuple[int, int]:
    """--years 2005-2007 (or 2005—2007, 2005~2007; one year alone is a range of one)."""
    found = re.fullmatch(r"\s*(\d{4})\s*(?:[-—–~～至到]\s*(\d{4}))?\s*", text)
    first, last = (int(found[1]), int(found[2] or found[1])) if found else (0, 0)
    if not (found and 1990 <= first <= last <= 2100 and last - first < 20):
        raise typer.BadParameter(f"“{text}”应写成“起始年-结束年”，如 2005-2007", param_hint="--years")
    return first, last


def _as_of_in_year(as_of: str | None, year: int, default: dt.date) -> dt.date:
    """--as-of as a day of `year`, or `default`."""
    cutoff = _parse_date(as_of, "--as-of") if as_of else default
    if not dt.date(year, 1, 1) <= cutoff <= dt.date(year, 12, 31):
        raise typer.BadParameter(f"“{cutoff}”不在{year}年度内，应在 {year}-01-01 至 {year}-12-31 之间",
                                 param_hint="--as-of")
    return cutoff


class ReportFormat(StrEnum):
    """report.FORMATS as typer choices (importing the report package here would slow every
    command's start; tests/test_cli.py keeps the two equal)."""

    html = "html"
    xlsx = "xlsx"
    md = "md"
    json = "json"


# The sheet kinds a clerk names on the command line (template, rollback), as typer choices.
LedgerKind = StrEnum("LedgerKind", {kind.name.lower(): kind.value for kind in Kind if kind is not Kind.UNKNOWN})


@app.command(cls=ChineseHelpCommand)
@friendly
def report(
    year: Annotated[int | None, typer.Option("--year", metavar="<年度>", help="统计的年度。", min=1990, max=2100)] = None,
    years: Annotated[str | None, typer.Option(
        "--years", metavar="<起-止>", help="几个年度并列（如 2005-2007）：各年完成率、累计、人才党员占比的变化。"
                                          "与 --year 二选一。")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="<YYYY-MM-DD>", help="统计截至日期（YYYY-MM-DD），用于计算序时进度；缺省为今天，往年为该年12月31日。")] = None,
    format: Annotated[ReportFormat, typer.Option("--format", help="报告格式：html、xlsx、md 或 json。")] = ReportFormat.html,
    out: Annotated[Path | None, typer.Option(
        "--out", help="报告文件路径；缺省时写到当前文件夹，文件名含年度和截至日期。", dir_okay=False)] = None,
    db: DbOption = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="自定义模板文件夹：其中的 report.html.j2 / report.md.j2 优先于内置模板，"
                            "可用 {% extends \"default:report.html.j2\" %} 继承内置模板。",
        file_okay=False, exists=True)] = None,
    config: ConfigOption = None,
) -> None:
    """按镇（街道）和领域统计目标完成情况：完成率、序时进度、排名和通报名单；--years 时几个年度并列。"""
    from talentledger.report import build_report, default_as_of, default_name, write_report
    from talentledger.report.programme import build_programme
    if (year is None) == (years is None):
        raise UsageProblem("请用 --year 指定一个年度，或用 --years 指定几个年度（如 --years 2005-2007），二者选一")
    if years is not None and as_of:
        raise UsageProblem("--years 的每个年度都统计到年底（当年统计到今天），不能与 --as-of 一起用")
    span = _year_range(years) if years is not None else None
    cutoff = _as_of_in_year(as_of, year, default_as_of(year)) if year is not None else None
    settings = load_config(config)
    with _store(db, settings, create=False) as store:
        if span is not None:
            model = build_programme(store, settings, *span)
        else:
            model = build_report(store, settings, year, cutoff, shown_on=dt.date.today())
    target = out or Path(default_name(model, format.value))
    write_report(model, format.value, target, templates)
    Console(stderr=True).print(f"已生成报告：{target}", markup=False, highlight=False)


def _show(result, fmt: str, out: Path | None, name: str, render: Callable, made: str) -> None:
    """text or json on the screen; any format into `out`, else into `name`.fmt in the current
    folder, saying so on stderr."""
    if out is None and fmt in ("text", "json"):
        if fmt == "json":
            sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        else:
            render(result, Console(soft_wrap=False))
        return
    target = out or Path(f"{name}.{fmt}")
    if fmt == "text":
        with target.open("w", encoding="utf-8") as fh:
            render(result, Console(file=fh, soft_wrap=True))
    else:
        from talentledger.report import write_report
        write_report(result, fmt, target)
    Console(stderr=True).print(f"{made}：{target}", markup=False, highlight=False)


class PersonFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


class AssessFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    md = "md"
    xlsx = "xlsx"


@app.command(cls=ChineseHelpCommand)
@friendly
def assess(
    year: Annotated[int, typer.Option("--year", metavar="<年度>", help="评估的年度。", min=1990, max=2100)],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="<YYYY-MM-DD>", help="评估截至日期：此后的日期不计；缺省为该年12月31日。")] = None,
    format: Annotated[AssessFormat, typer.Option(
        "--format", help="输出格式：text、json、html、md 或 xlsx。")] = AssessFormat.text,
    out: Annotated[Path | None, typer.Option(
        "--out", help="写到这个文件；缺省时 text 和 json 显示在屏幕上，html、md、xlsx 写到当前文件夹。",
        dir_okay=False)] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    show_ids: ShowIdsOption = False,
) -> None:
    """发展党员质量评估：按配置的指标给各镇（街道）亮红黄绿灯，并查找家族化、小团体化、入党介绍人不是正式党员、
    突击发展、长期不发展党员，列出涉及的人员和出处。已通报过的预警注明首次通报日期。"""
    from talentledger.cli.terminal import render_assessment
    from talentledger.report.quality import assess_store
    settings = load_config(config)
    cutoff = _as_of_in_year(as_of, year, dt.date(year, 12, 31))
    with _store(db, settings, create=False) as store:
        result = assess_store(store, year, settings.quality, mask_ids=not show_ids, as_of=cutoff,
                              jurisdiction=settings.jurisdiction, shown_on=dt.date.today())
    _show(result, format.value, out, f"发展党员质量评估_{year}年_截至{cutoff:%Y%m%d}", render_assessment, "已生成质量评估")
    _finish(result)


@app.command(cls=ChineseHelpCommand)
@friendly
def person(
    query: Annotated[str, typer.Argument(metavar="身份证号或姓名", help="公民身份号码，或姓名（最好同时用 --township 指定镇（街道））。")],
    township: Annotated[str | None, typer.Option(
        "--township", metavar="<镇（街道）>", help="只在这个镇（街道）的台帐中找（按姓名查找时用）。")] = None,
    format: Annotated[PersonFormat, typer.Option("--format", help="输出格式：text、json 或 html。")] = PersonFormat.text,
    out: Annotated[Path | None, typer.Option(
        "--out", help="写到这个文件；缺省时 text 和 json 显示在屏幕上，html 写到当前文件夹。", dir_okay=False)] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    show_ids: ShowIdsOption = False,
) -> None:
    """一人一档：一个人在各类台帐、各年度中的全部记录和出处，各阶段日期排成一条时间线，并指出台帐之间的矛盾
    （日期前后不一致、阶段或状态倒退、姓名或性别不一致）。"""
    from talentledger.cli.terminal import render_person
    from talentledger.report.person import find_person
    settings = load_config(config)
    with _store(db, settings, create=False) as store:
        result = find_person(store, query, township, mask_ids=not show_ids)
    if not result.people:
        where = f"{township}的" if township else ""
        raise TalentLedgerError(f"在已入库的{where}台帐中找不到“{result.query}”。请检查身份证号或姓名"
                                + ("，或去掉 --township 再试" if township else ""))
    _show(result, format.value, out, f"一人一档_{result.people[0].name or query}", render_person, "已生成一人一档")
    _finish(result)


class NoticeFormat(StrEnum):
    docx = "docx"
    md = "md"


@app.command(cls=ChineseHelpCommand)
@friendly
def notice(
    year: Annotated[int, typer.Option("--year", metavar="<年度>", help="通报的年度。", min=1990, max=2100)],
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="<YYYY-MM-DD>", help="统计截至日期；缺省为今天，往年为该年12月31日。")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="通报文件路径；缺省时写到当前文件夹。", dir_okay=False)] = None,
    format: Annotated[NoticeFormat, typer.Option("--format", help="docx（Word 文档）或 md（文字稿）。")] = NoticeFormat.docx,
    db: DbOption = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="自定义模板文件夹：其中的 notice.md.j2 优先于内置的通报模板。",
        file_okay=False, exists=True)] = None,
    config: ConfigOption = None,
) -> None:
    """起草通报：按报告的数字写出完成情况、表扬和通报批评的单位、需要点名的发展党员问题，生成可修改的 Word 文档。"""
    from talentledger.report import build_report, default_as_of
    from talentledger.report.notice import notice_text, write_docx
    settings = load_config(config)
    cutoff = _as_of_in_year(as_of, year, default_as_of(year))
    with _store(db, settings, create=False) as store:
        model = build_report(store, settings, year, cutoff, shown_on=dt.date.today())
    text = notice_text(model, settings, user_templates=templates, markdown=format is NoticeFormat.md)
    target = out or Path(f"通报_{year}年_截至{cutoff:%Y%m%d}.{format.value}")
    if format is NoticeFormat.md:
        write_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    else:
        write_docx(text, target)
    Console(stderr=True).print(f"已生成通报：{target}", markup=False, highlight=False)


@app.command(cls=ChineseHelpCommand)
@friendly
def status(
    year: Annotated[int, typer.Option("--year", metavar="<年度>", help="要查看的年度。", min=1990, max=2100)],
    history: Annotated[bool, typer.Option(
        "--history", help="列出该年度每一次入库的报送：现行的、被更新报送替换的、已撤回的。")] = False,
    township: Annotated[str | None, typer.Option(
        "--township", metavar="<镇（街道）>", help="只看这个镇（街道）（与 --history 一起用）。")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """查看某年度各镇（街道）报送了哪些台帐、填报日期、多少行，以及谁还没有报送、谁被退回。"""
    from talentledger.cli.terminal import render_history, render_status
    from talentledger.jobs.status import reporting_status
    settings = load_config(config)
    console = Console(soft_wrap=False)
    with _store(db, settings, create=False) as store:
        if history:
            render_history(store.history(year, township), year, console, rich=console.is_terminal)
            return
        table = reporting_status(store, year, [t.name for t in settings.townships])
    render_status(table, console, rich=console.is_terminal)


@app.command(cls=ChineseHelpCommand)
@friendly
def rollback(
    year: Annotated[int, typer.Option("--year", metavar="<年度>", help="台帐所属年度。", min=1990, max=2100)],
    track: Annotated[LedgerKind, typer.Option(
        "--track", help="台帐类别：member-to-talent、talent-to-member、talent-to-cadre、targets（目标任务）"
                        "或 roster（党员队伍）。")],
    township: Annotated[str | None, typer.Option(
        "--township", metavar="<镇（街道）>", help="镇（街道）名称；targets 和 roster 不用写。")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """撤回误收的报送：该镇（街道）该类该年度的现行报送作废（保留备查），恢复被它替换的上一份。"""
    from talentledger.ledger.townships import WHOLE_JURISDICTION
    from talentledger.store import SubmissionKey
    whole = track in (LedgerKind.targets, LedgerKind.roster)
    if not whole and not township:
        raise typer.BadParameter("撤回三类台帐时需要写镇（街道）名称", param_hint="--township")
    settings = load_config(config)
    name = WHOLE_JURISDICTION if whole else settings.registry().canonical(township) or township
    with _store(db, settings, create=False) as store:
        withdrawn, restored = store.rollback(SubmissionKey(name, track.value, year))
    console = Console()
    console.print(f"已撤回：{withdrawn.file_name}（{withdrawn.reported_by} {withdrawn.reported_on}），"
                  "保留在历史记录中；再次报送同一文件不会重新入库。", markup=False, highlight=False, soft_wrap=True)
    console.print(f"已恢复：{restored.file_name}（{restored.reported_by} {restored.reported_on}）为现行报送。"
                  if restored else "没有更早的报送可以恢复：该台帐现为未报送。", markup=False, highlight=False)


@app.command(cls=ChineseHelpCommand)
@friendly
def batch(
    inbox: Annotated[Path, typer.Option("--inbox", help="收件文件夹：各镇（街道）报送的文件放在这里。", file_okay=False)],
    db: DbOption = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="每次运行后把报告（html、xlsx、md、json）写到此文件夹：本次入库的台帐所属的各年度，"
                       "加配置中的当前年度（year，没有时为今年）。", file_okay=False)] = None,
    config: ConfigOption = None,
    log: Annotated[Path | None, typer.Option(
        "--log", help="运行日志（每行一个 JSON）；缺省为收件文件夹旁的 talentledger-batch.log。", dir_okay=False)] = None,
    year: Annotated[int | None, typer.Option("--year", metavar="<年度>", help="只生成这一年度的报告（缺省见 --out）。", min=1990, max=2100)] = None,
) -> None:
    """供 cron 定时运行：检查并入库收件文件夹中的文件，移入 archive/ 或 rejected/，再更新报告。"""
    from talentledger.cli.terminal import render_batch
    from talentledger.jobs.batch import run_batch
    settings = load_config(config)
    options = Options(registry=settings.registry())
    with _store(db, settings) as store:
        result = run_batch(inbox, store, settings, options, out, log, year=year)
    console = Console(soft_wrap=False)
    if result.rejected or result.stale or result.unreported or console.is_terminal:
        render_batch(result, console)  # cron mails any output: say nothing when all went well
    _finish(result)


@app.command(cls=ChineseHelpCommand)
@friendly
def init(
    folder: Annotated[Path, typer.Argument(metavar="文件夹", help="新建的工作文件夹。", file_okay=False)],
    jurisdiction: Annotated[str, typer.Option("--jurisdiction", metavar="<名称>", help="辖区名称，如 东海县。")] = "本市",
    townships: Annotated[list[str] | None, typer.Option(
        "--township", metavar="<名称>", help="镇（街道）名称，可写多次；每个都会生成一份空白台帐。")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", metavar="<年度>", help="当前工作年度（写入配置文件，也是空白台帐的年度），缺省为今年。", min=1990, max=2100)] = None,
    sample_targets: Annotated[bool, typer.Option(
        "--sample-targets", help="写入示例城市 2005—2007 年的目标（仅供用示例台帐试用）；缺省写入占位数，"
                                 "报告在改成本辖区的目标之前拒绝统计。")] = False,
) -> None:
    """新建一个辖区的工作文件夹：带注释的 talentledger.toml、空的收件文件夹、各镇（街道）的空白台帐。"""
    from talentledger.jobs.init import init_jurisdiction
    written = init_jurisdiction(folder, jurisdiction, townships or [], year or dt.date.today().year, sample_targets)
    for path in written:
        Console().print(f"已生成：{path}", markup=False, highlight=False)


@app.command(cls=ChineseHelpCommand)
@friendly
def template(
    out: Annotated[Path, typer.Option("--out", help="要生成的空白台帐（.xlsx）。", dir_okay=False)],
    track: Annotated[LedgerKind | None, typer.Option(
        "--track", help="只生成一类台帐；缺省时生成三类台帐加目标任务分解表、党员队伍基本情况表。")] = None,
    township: Annotated[str | None, typer.Option("--township", metavar="<名称>", help="镇（街道）名称，写入标题和填报单位。")] = None,
    year: Annotated[int | None, typer.Option("--year", metavar="<年度>", help="年度，写入标题。", min=1990, max=2100)] = None,
) -> None:
    """生成空白台帐：标准表头、下拉选项、身份证号码列为文本格式、日期校验和填表说明。"""
    from talentledger.output.blank_ledger import write_template
    if out.suffix.lower() != ".xlsx":
        raise UsageProblem(f"--out 应为 .xlsx 文件，现为“{out.name}”")
    write_template(out, Kind(track.value) if track else None, township, year)
    Console(stderr=True).print(f"已生成空白台帐：{out}", markup=False, highlight=False)


def _finish(result: CheckResult | IngestResult | BatchResult | Assessment) -> NoReturn:
    """The one place a result becomes the process's exit code: each result knows its own."""
    raise typer.Exit(int(result.exit_code))


def _run_check(files: list[Path], options: Options, console: Console, show_progress: bool) -> CheckResult:
    if not (show_progress and console.is_terminal and len(files) >= PROGRESS_FROM):
        return check_paths(files, options)
    columns = (TextColumn("正在检查"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("check", total=len(files))
        return check_paths(files, options, on_file=lambda _: progress.advance(task))


def _parse_today(text: str | None) -> dt.date:
    return dt.date.today() if text is None else _parse_date(text, "--today")


def _parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"“{text}”不是 YYYY-MM-DD 格式的日期", param_hint=option) from None


# click's usage errors, said in Chinese. Anything not listed is shown as click wrote it.
USAGE_MESSAGES = (
    (re.compile(r"No such option: (\S+)(?:\s*\((?:Possible options|Did you mean):? (.+?)\??\))?"),
     lambda m: f"没有选项 {m[1]}" + (f"，是否想用 {m[2]}？" if m[2] else "")),
    (re.compile(r"Missing argument '(.+?)'"), lambda m: f"缺少参数 {m[1]}"),
    (re.compile(r"Missing option '(.+?)'"), lambda m: f"缺少选项 {m[1]}"),
    (re.compile(r"Option '(.+?)' requires an argument"), lambda m: f"{_which(m[1])} 后面需要一个值"),
    (re.compile(r"Invalid value for '(.+?)': (?:Value error, )?'(.*?)' is not one of (.+)\."),
     lambda m: f"{_which(m[1])} 的值“{m[2]}”无效，可选：{_choices(m[3])}"),
    (re.compile(r"Invalid value for '?([^':]+?)'?: Input should be a valid integer"),
     lambda m: f"{_which(m[1])} 的值应为整数"),
    (re.compile(r"Invalid value for '?([^':]+?)'?: Input should be (greater|less) than or equal to (\S+)"),
     lambda m: f"{_which(m[1])} 的值应{'不小于' if m[2] == 'greater' else '不大于'} {m[3]}"),
    (re.compile(r"Invalid value for '?([^':]+?)'?: (.+)", re.S),
     lambda m: f"{_which(m[1])} 的值无效：{_path_problem(m[2].removeprefix('Value error, '))}"),
    (re.compile(r"No such command '(.+?)'"), lambda m: f"没有命令“{m[1]}”"),
    (re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((.+)\)"), lambda m: f"多余的参数：{m[1]}"),
)


# click's words for a path argument that does not fit (a folder where a file is wanted, …).
_PATH = r"(?:file|dir|directory|path) '(.+)'"
PATH_PROBLEMS = (
    (re.compile(rf"^{_PATH} is a directory\.?$"), "“{}”是文件夹，这里要写文件"),
    (re.compile(rf"^{_PATH} is a file\.?$"), "“{}”是文件，这里要写文件夹"),
    (re.compile(rf"^{_PATH} does not exist\.?$"), "“{}”不存在"),
    (re.compile(rf"^{_PATH} is not readable\.?$"), "“{}”没有读权限"),
    (re.compile(rf"^{_PATH} is not writable\.?$"), "“{}”没有写权限"),
)


def _choices(listed: str) -> str:
    """click's 'a', 'b' as a、b, a sheet kind's id followed by its Chinese name."""
    kinds = {kind.value: KIND_SHORT[kind] for kind in Kind if kind is not Kind.UNKNOWN}
    names = [c.strip(" '") for c in listed.split(",")]
    return "、".join(f"{n}（{kinds[n]}）" if n in kinds else n for n in names)


def _which(name: str) -> str:
    """An option (--year) or an argument (文件夹), as the message should call it."""
    return f"选项 {name}" if name.startswith("-") else f"参数 {name}"


def _path_problem(detail: str) -> str:
    return translate(detail.strip(), PATH_PROBLEMS, detail)


def explain_usage_error(message: str) -> str:
    """click's English usage error in Chinese, for the people reading it."""
    for pattern, say in USAGE_MESSAGES:
        m = pattern.search(message)
        if m:
            return say(m)
    return message


def main() -> None:
    """Console entry point: usage errors in Chinese, exit codes as docs/ledgers.md lists them."""
    try:
        code = app(standalone_mode=False)
    except TyperException as exc:  # usage errors of the vendored click
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx else "talentledger"
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            print(ctx.get_help())
        else:
            Console(stderr=True).print(f"用法错误：{explain_usage_error(exc.format_message())}\n"
                                       f"运行“{command} --help”查看用法。", markup=False, highlight=False)
        sys.exit(int(ExitCode.USAGE))
    except typer.Abort:
        Console(stderr=True).print("已中断。")
        sys.exit(int(ExitCode.INTERRUPTED))
    sys.exit(code or 0)
