"""Program failures (not findings) and the exit codes of the command line (docs/ledgers.md, 退出码)."""

from __future__ import annotations

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
