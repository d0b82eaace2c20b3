#!/usr/bin/env python3
"""Benchmark of `talentledger check` against a bare python-calamine read of the same file.

    python bench/check_bench.py               # 200,000 rows
    python bench/check_bench.py --rows 500000 # the memory target

Builds (once, cached under bench/out/) a member-to-talent ledger of --rows rows with the
sample generator, then runs each measurement in its own process and prints rows per second,
the ratio check/bare read, and each process's peak memory. Targets: check costs at most 2x the
bare read; peak memory under 1 GiB at 500,000 rows.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def build(rows: int) -> Path:
    path = OUT / f"ledger_{rows}.xlsx"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE.parent / "scripts"))
    import make_samples as module
    started = time.perf_counter()
    module.build_large(path.with_suffix(".tmp.xlsx"), rows)
    path.with_suffix(".tmp.xlsx").rename(path)
    print(f"built {path.name} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def measure_bare(path: Path) -> int:
    import python_calamine
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    count = 0
    for name in workbook.sheet_names:
        for _ in workbook.get_sheet_by_name(name).iter_rows():
            count += 1
    return count


def measure_check(path: Path) -> tuple[int, int]:
    from talentledger.check import Options, check_paths
    report = check_paths([path], Options())
    report.to_json()
    return report.summary.rows, report.summary.errors


def child(mode: str, path: Path) -> None:
    started = time.perf_counter()
    rows, errors = (measure_bare(path), None) if mode == "bare" else measure_check(path)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_bytes": peak, "errors": errors}))


def run(mode: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    path = build(args.rows)
    bare, check = run("bare", path), run("check", path)
    print(f"file:            {path.name}, {path.stat().st_size / 1e6:.1f} MB, {args.rows} data rows")
    for label, result in (("bare calamine", bare), ("talentledger check", check)):
        print(f"{label + ':':<20}{result['rows'] / result['seconds']:>10,.0f} rows/s  "
              f"{result['seconds']:6.2f} s  peak {result['peak_bytes'] / 2**20:,.0f} MiB")
    ratio = check["seconds"] / bare["seconds"]
    print(f"ratio check/bare:  {ratio:.2f}x  (target <= 2x)")
    print(f"peak memory check: {check['peak_bytes'] / 2**20:,.0f} MiB  (target < 1024 MiB at 500,000 rows)")
    print(f"errors found:      {check['errors']}  (the ledger is clean: target 0)")


if __name__ == "__main__":
    main()
