"""Writing a file we make (a report, a blank ledger, a 通报, an annotated copy) so that a
half-written one never appears: written beside its place under another name, then moved in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """`write(temporary)` then the temporary file renamed to `path`, its folder made first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    tmp.replace(path)
    return path
