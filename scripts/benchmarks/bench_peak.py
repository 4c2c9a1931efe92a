#!/usr/bin/env python3
"""Runs one benchmark command and adds its peak resident memory to its JSON line.

Usage::

    bench_peak.py [--] COMMAND [ARGS...]
    bench_peak.py .build/release/gradviz-bench chain --depth 1000000 >> results.jsonl
    bench_peak.py .build/bench-venv/bin/python scripts/benchmarks/bench_micrograd.py wide --terms 100000

The command's stderr passes through. Each stdout line that is a JSON object gets the field
``"peak_bytes"``: the peak RSS of the command once it has exited, from
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (KiB on Linux, bytes on macOS). That is the
largest RSS of any one finished descendant, here the command itself or the largest process
it waited for. Other stdout lines are copied unchanged. The exit status is the command's
(128 + N if it died of signal N); a command that fails still gets its JSON lines annotated.
"""

import json
import resource
import subprocess
import sys


def peak_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def main() -> int:
    command = sys.argv[1:]
    if command[:1] == ["--"]:
        command = command[1:]
    if not command or command[0] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        return 0 if command else 64
    try:
        process = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    except OSError as error:
        sys.stderr.write(f"bench_peak.py: cannot run {command[0]}: {error}\n")
        return 127
    peak = peak_bytes()
    for line in process.stdout.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            record["peak_bytes"] = peak
            line = json.dumps(record)
        sys.stdout.write(line + "\n")
    if process.returncode < 0:
        sys.stderr.write(f"bench_peak.py: {command[0]} died of signal {-process.returncode}\n")
        return 128 - process.returncode
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
