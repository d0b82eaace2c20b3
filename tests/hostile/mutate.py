"""A corpus of hostile files made by code from real ledgers: truncation, bit flips, zip members
swapped, oversized shared strings, and files made to hurt (decompression, spans, quotes).

Every mutant is deterministic from its seed, so a failure names a file anyone can rebuild:
`mutant(source, seed)`.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Real ledgers of every format: the sample county's, and the files real clients made.
SOURCES = sorted([*(ROOT / "sample_ledgers").glob("*.xlsx"), *(ROOT / "sample_ledgers").glob("*.csv"),
                  *(ROOT / "tests" / "data").glob("*.xls"), *(ROOT / "tests" / "data").glob("*.ods"),
                  *(ROOT / "tests" / "data").glob("*.csv"), *(ROOT / "tests" / "data" / "months").glob("month_formats.*")])
SOURCES = [p for p in SOURCES if p.suffix != ".py"]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    broken = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        broken[rng.randrange(len(broken))] ^= 1 << rng.randrange(8)
    return bytes(broken)


def overwrite_run(data: bytes, rng: random.Random) -> bytes:
    """A run of random or repeated bytes, as a broken disk or transfer leaves."""
    broken = bytearray(data)
    start = rng.randrange(len(broken))
    length = rng.randint(1, 4096)
    filler = bytes([rng.randrange(256)]) * length if rng.random() < 0.5 else rng.randbytes(length)
    broken[start:start + length] = filler
    return bytes(broken[: len(data)])


def _members(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {name: zf.read(name) for name in zf.namelist()}
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return None


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def swap_members(data: bytes, rng: random.Random) -> bytes:
    """Two parts of a workbook exchanged: the sheet where the styles should be, and so on."""
    members = _members(data)
    if not members or len(members) < 2:
        return flip_bits(data, rng)
    a, b = rng.sample(sorted(members), 2)
    members[a], members[b] = members[b], members[a]
    return _zip(members)


def mangle_xml(data: bytes, rng: random.Random) -> bytes:
    """One XML part of the package cut short or flipped, the package itself intact."""
    members = _members(data)
    xml = [n for n in (members or {}) if n.endswith(".xml")]
    if not xml:
        return overwrite_run(data, rng)
    name = rng.choice(xml)
    members[name] = (truncate if rng.random() < 0.5 else flip_bits)(members[name], rng)
    return _zip(members)


def oversize_strings(data: bytes, rng: random.Random) -> bytes:
    """A cell's text blown up to megabytes (shared or inline strings), or a string table
    that claims millions of entries."""
    members = _members(data)
    if not members:
        return overwrite_run(data, rng)
    big = ("王" * rng.choice([40_000, 200_000, 2_000_000])).encode()
    for name in sorted(members):
        if name.endswith(("sharedStrings.xml", "sheet1.xml", "content.xml")):
            text = members[name]
            at = text.find(b"<t>") if b"<t>" in text else text.find(b"<text:p>")
            if at >= 0:
                end = text.find(b">", at) + 1
                members[name] = text[:end] + big + text[end:]
            members[name] = members[name].replace(b'count="', b'count="99999999', 1)
            return _zip(members)
    return overwrite_run(data, rng)


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    truncate, flip_bits, overwrite_run, swap_members, mangle_xml, oversize_strings)


def mutant(source: Path, seed: int) -> tuple[str, bytes]:
    """The mutant of `source` for `seed`: (a file name with the source's suffix, its bytes)."""
    rng = random.Random(f"{source.name}:{seed}")
    mutation = MUTATIONS[seed % len(MUTATIONS)]
    return f"{source.stem}_{mutation.__name__}_{seed}{source.suffix}", mutation(source.read_bytes(), rng)


def corpus(count: int) -> Iterator[tuple[str, bytes]]:
    """`count` mutants, spread over every source and every mutation."""
    for seed in range(count):
        yield mutant(SOURCES[seed % len(SOURCES)], seed // len(SOURCES) * len(MUTATIONS) + seed % len(MUTATIONS))
