#!/usr/bin/env python3
"""Benchmark of an annotated copy (`check --annotate`, batch's rejected/) against the check of
the same file.

    python bench/annotate_bench.py                # 300,000 rows, one error
    python bench/annotate_bench.py --rows 100000

Takes the clean ledger of bench/check_bench.py (built once under bench/out/), plants one error
(a 性别 that contradicts its ID number) and, in a fresh process, checks it and then writes its
annotated copy. Prints both times, their ratio and the process's peak memory after each step.
Target: the annotated copy costs at most about twice the check, in time and in memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_bench import build  # noqa: E402


def plant_error(source: Path) -> Path:
    """A copy whose row 50 says the other gender."""
    target = source.with_name(source.stem + "_one_error.xlsx")
    if target.exists():
        return target
    cell = b'<c r="C50" t="inlineStr"><is><t>'
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                at = data.index(cell) + len(cell)
                other = "女" if data[at:at + 3] == "男".encode() else "男"
                data = data[:at] + other.encode() + data[at + 3:]
            zout.writestr(info, data)
    return target


def child(path: Path) -> None:
    from talentledger.check import Options, check_paths
    from talentledger.output.annotate import annotate_report
    started = time.perf_counter()
    result = check_paths([path], Options())
    checked = time.perf_counter() - started
    peak_check = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        written = annotate_report(result, Path(folder), Options())
        annotated = time.perf_counter() - started
        size = written[0].stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"rows": result.summary.rows, "errors": result.summary.errors, "check": checked,
                      "annotate": annotated, "peak_check": peak_check, "peak": peak, "size": size}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child))
        return
    path = plant_error(build(args.rows))
    done = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"file:             {path.name}, {r['rows']:,} rows, {r['errors']} error")
    print(f"check:            {r['check']:6.2f} s   peak {r['peak_check'] / 2**20:,.0f} MiB")
    print(f"annotated copy:   {r['annotate']:6.2f} s   peak {r['peak'] / 2**20:,.0f} MiB   ({r['size'] / 1e6:.1f} MB)")
    print(f"ratio copy/check: {r['annotate'] / r['check']:.2f}x time, {r['peak'] / r['peak_check']:.2f}x memory"
          "  (target about 2x or less)")


if __name__ == "__main__":
    main()
