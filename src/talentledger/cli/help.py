"""`--help` in Chinese, laid out by display width.

Typer's vendored click writes its headings and notes in English and measures text in
characters, so a Chinese line (two columns a character) overflows and the columns of options
lose their alignment. The formatter here says those words in Chinese (one table) and measures
and wraps by display width.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

# Section headings click writes, in Chinese.
HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}

# Words click puts into usage lines, option names and option notes, in Chinese: each a pattern
# and its replacement, applied in order.
HELP_WORDS = (
    (re.compile(r"\[OPTIONS\]"), "[选项]"),
    (re.compile(r"COMMAND \[ARGS\]\.\.\."), "命令 [参数]..."),
    (re.compile(r"Show this message and exit\."), "显示本帮助后退出。"),
    (re.compile(r" <list\[str\]>"), " <可写多个>"),
    (re.compile(r"<file>"), "<文件>"),
    (re.compile(r"<dir>"), "<文件夹>"),
    (re.compile(r"<str>"), "<文字>"),
    (re.compile(r"\[default: ([^\]]*)\]"), r"[默认：\1]"),
    (re.compile(r"(\d+)<=x<=(\d+)"), r"\1—\2"),
    (re.compile(r"; required\]"), "；必填]"),
    (re.compile(r"\[required\]"), "[必填]"),
)

# A line may break between any two Chinese characters, but not inside a [note] or an ASCII
# word, before closing punctuation or after opening punctuation.
_TOKENS = re.compile(r"\[[^\]\n]*\]|[\x21-\x7e]+|\s+|.")
_NO_BREAK_BEFORE = set("，。、；：！？）》」』】”’")
_NO_BREAK_AFTER = set("（《「『【“‘")


def say_in_chinese(text: str) -> str:
    """click's English words in `text` said in Chinese."""
    for pattern, replacement in HELP_WORDS:
        text = pattern.sub(replacement, text)
    return text


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` display columns (an over-long word stands alone).

    Where a closing mark would start a line, the character before it moves down with it."""
    lines: list[list[str]] = [[]]
    for token in _TOKENS.findall(text):
        line = lines[-1]
        if token.isspace():
            if line:
                line.append(" ")
            continue
        if line and cell_len("".join(line).rstrip() + token) > width:
            carried: list[str] = []
            while line and (token in _NO_BREAK_BEFORE or line[-1] in _NO_BREAK_AFTER) and len(line) > 1:
                carried.insert(0, line.pop())
                if carried[0] not in _NO_BREAK_AFTER:
                    break
            lines.append([*carried, token])
        else:
            line.append(token)
    return ["".join(line).strip() for line in lines if "".join(line).strip()]


class ChineseHelpFormatter(HelpFormatter):
    """click's help formatter, in Chinese and measuring display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        self.write(f"{'':>{self.current_indent}}用法：{prog} {say_in_chinese(args)}\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for paragraph in text.split("\n\n"):
            for line in wrap_cells(paragraph, max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(say_in_chinese(first), say_in_chinese(second)) for first, second in rows]
        first_col = min(max((cell_len(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_cells(second, max(self.width - first_col - self.current_indent, 10)) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class ChineseContext(Context):
    formatter_class = ChineseHelpFormatter


class ChineseHelpGroup(TyperGroup):
    """The command group, with its help in Chinese."""

    context_class = ChineseContext


class ChineseHelpCommand(TyperCommand):
    """A command, with its help in Chinese."""

    context_class = ChineseContext
