"""The command line: parse arguments, call the library, print. Nothing else."""

from talentledger.cli.app import app, main

__all__ = ["app", "main"]
