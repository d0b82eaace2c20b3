"""Program failures (not findings) and the exit codes of the command line (docs/ledgers.md, 退出码)."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0            # no errors; warnings allowed
    FINDINGS = 1      # errors found or files rejected
    USAGE = 2         # bad usage, bad configuration, or nothing readable
    FAULT = 3         # a fault of the program itself (a bug), shown in one line; --debug for more
    INTERRUPTED = 130  # Ctrl-C, as shells report a SIGINT


class TalentLedgerError(Exception):
    """A failure to show the user in Chinese, without a traceback unless --debug."""

    exit_code = ExitCode.USAGE


class UsageProblem(TalentLedgerError):
    """A bad argument, path or flag."""


class ConfigProblem(TalentLedgerError):
    """A configuration file that cannot be used; the message names the key."""


# Why the system refused a file or folder, in words a clerk reads (by errno: the system's own
# text is English).
_OS_REASONS = {errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "不存在", errno.EISDIR: "这是一个文件夹",
               errno.ENOTDIR: "路径中有一段不是文件夹", errno.EROFS: "所在的磁盘是只读的", errno.ENOSPC: "磁盘已满",
               errno.ENAMETOOLONG: "名称过长", errno.EIO: "磁盘读写错误", errno.EEXIST: "已经存在"}


def os_reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno or -1, f"系统错误 {exc.errno}" if exc.errno else "系统错误")


def translate(text: str, table: Iterable[tuple[re.Pattern[str], str]], default: str) -> str:
    """A library's English message in Chinese: the words of the first pattern found in `text`,
    with the pattern's groups (a name, a path) put in their `{}`."""
    for pattern, words in table:
        found = pattern.search(text)
        if found:
            return words.format(*found.groups())
    return default
