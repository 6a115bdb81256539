"""One command in a child process, timed by the wall clock, with its peak resident memory: what
every benchmark scenario of `run_benchmark.py` measures a stage or a run with."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# A fresh process per stage whose only child is the stage: its children's peak RSS is the stage's,
# and so is their CPU time (which, unlike the wall clock, other work on the machine barely moves).
MEASURE = """
import json, resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"returncode": code, "peak_kib": usage.ru_maxrss,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime}), file=sys.stderr)
"""


def run_stage(name: str, argv: list[str]) -> dict:
    """Run one stage in a child process; its wall time, CPU time, peak resident memory and the
    last line it printed. A stage that fails stops the benchmark with the end of its error
    output."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", MEASURE, *argv], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    measured = json.loads(completed.stderr.strip().splitlines()[-1])
    if measured["returncode"] != 0:
        sys.exit(f"stage {name} failed ({measured['returncode']}):\n{completed.stderr[-3000:]}")
    return {
        "stage": name,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(measured["cpu_seconds"], 2),
        "peak_rss_mib": round(measured["peak_kib"] / 1024),
        "output": completed.stdout.strip().splitlines()[-1:] or [""],
    }


def describe_machine() -> str:
    from pipelines.config import duckdb_settings

    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; DuckDB memory_limit={duckdb_settings()['memory_limit']}"
    )
