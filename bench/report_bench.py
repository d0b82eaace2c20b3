#!/usr/bin/env python3
"""Benchmark of ingest and report on a large jurisdiction.

    python bench/report_bench.py                      # 1,000,000 people in 100 files
    python bench/report_bench.py --people 100000      # a quicker run

Builds (once, cached under bench/out/) the ledgers with the sample generator, then in
separate processes: checks them (the baseline), ingests them into a fresh SQLite database,
and renders every report format. Prints rows per second, seconds per format and peak memory.
Targets: ingest at least half as fast as check; each report under 10 s.
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


def build(people: int, files: int) -> Path:
    folder = OUT / f"jurisdiction_{people}_{files}"
    done = folder / ".complete"
    if done.exists():
        return folder
    sys.path.insert(0, str(HERE.parent / "scripts"))
    import make_samples
    started = time.perf_counter()
    make_samples.build_jurisdiction(folder, people, files)
    done.touch()
    print(f"built {files} ledgers of {people} people in {time.perf_counter() - started:.0f} s")
    return folder


def child(mode: str, folder: Path, db: str, fmt: str) -> None:
    from talentledger.check import Options, check_paths, collect_paths
    from talentledger.ledger.config import Config
    started = time.perf_counter()
    result: dict = {}
    if mode == "check":
        report = check_paths(collect_paths([str(folder)]), Options())
        result["rows"] = report.summary.rows
        result["errors"] = report.summary.errors
    elif mode == "ingest":
        from talentledger.jobs.ingest import ingest_paths
        from talentledger.store import Store
        store = Store(db)
        report = ingest_paths(collect_paths([str(folder)]), store, Options())
        result["rows"] = report.check.summary.rows
        result["rejected"] = len(report.rejected)
    elif mode == "assess":
        from talentledger.report.quality import assess_store
        from talentledger.store import Store
        assessment = assess_store(Store(db, create=False), 2006)
        result["alerts"] = len(assessment.alerts)
    else:
        import datetime as dt

        from talentledger.report import build_report, write_report
        from talentledger.store import Store
        model = build_report(Store(db), Config(), 2006, dt.date(2006, 12, 31))
        result["aggregate_seconds"] = time.perf_counter() - started
        write_report(model, fmt, OUT / f"report.{fmt}")
    result["seconds"] = time.perf_counter() - started
    result["peak_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))


def run(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingested(folder: Path, url: str, files: int) -> None:
    """Check the ledgers (the baseline) and ingest them into a fresh database."""
    check = run("check", str(folder), url, "-")
    ingest = run("ingest", str(folder), url, "-")
    print(f"ledgers:   {files} files, {check['rows']:,} rows ({check['errors']} errors)")
    print(f"check:     {check['rows'] / check['seconds']:>9,.0f} rows/s  {check['seconds']:7.1f} s  "
          f"peak {check['peak_bytes'] / 2**20:,.0f} MiB")
    print(f"ingest:    {ingest['rows'] / ingest['seconds']:>9,.0f} rows/s  {ingest['seconds']:7.1f} s  "
          f"peak {ingest['peak_bytes'] / 2**20:,.0f} MiB  ({ingest['rejected']} files rejected)")
    print(f"ingest/check speed: {check['seconds'] / ingest['seconds']:.2f} (target >= 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run: reports only")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[2], args.child[3])
        return
    folder = build(args.people, args.files)
    database = OUT / f"report_bench_{args.people}.db"
    url = f"sqlite:///{database}"
    if not (args.reuse and database.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        ingested(folder, url, args.files)
    for fmt in ("json", "md", "html", "xlsx"):
        report = run("report", str(folder), url, fmt)
        print(f"report {fmt:<5} {report['seconds']:6.2f} s (aggregation {report['aggregate_seconds']:.2f} s)  "
              f"peak {report['peak_bytes'] / 2**20:,.0f} MiB  (target < 10 s)")
    quality = run("assess", str(folder), url, "-")
    print(f"assess       {quality['seconds']:6.2f} s  peak {quality['peak_bytes'] / 2**20:,.0f} MiB  "
          f"({quality['alerts']} alerts; target: within the report's own time)")


if __name__ == "__main__":
    main()
