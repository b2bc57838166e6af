"""Run one wrk phase of make bench and write what it cost, read from /proc, as JSON.

Usage (by bench/run.sh):

    python bench/phase.py --out <file.json> --access-log <nginx log> --gunicorn <pid>
        --nginx <pid> --database <name> -- wrk ...

CPU time in clock ticks, before and after wrk, per process group:

- gunicorn: the master's own and its reaped children's (cutime/cstime: workers that
  exited, e.g. recycled by max_requests) plus every live worker's;
- nginx: likewise, its master and workers;
- PostgreSQL: the backends connected to the scratch database (and autovacuum working on
  it), found by their process title and sampled every SAMPLE_SECONDS so that a backend
  that exits during the phase still counts up to its last sample; the shared WAL writer
  and checkpointer are left out (other databases on this server use them);
- Redis: the server process (shared with whatever else uses this Redis; its command
  count is printed beside it);
- wrk: this script's only child, from its rusage.

Also the machine's busy share of all cores (/proc/stat), the load average, Redis's
command count, and the byte offsets of nginx's access log at the start and the end, so
that the report reads the phase's own lines.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import redis

CLK_TCK = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.5
# wrk runs for the phase plus its drain; this much longer and it is stopped.
WRK_GRACE_SECONDS = 60
PG_TITLE = re.compile(r"^postgres: (?:[^:]+: )?(?:autovacuum worker (\S+)|\S+ (\S+) )")


def stat_fields(pid):
    """Return /proc/<pid>/stat's fields after the command name (field 3 onwards)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def tree_ticks(pid):
    """Return the CPU ticks of a process, its reaped children and its live children."""
    fields = stat_fields(pid)
    total = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    for child in children(pid):
        try:
            total += sum(int(v) for v in stat_fields(child)[11:13])
        except (FileNotFoundError, ProcessLookupError):
            pass  # exited since: the parent's cutime has it once reaped
    return total


def children(pid):
    """Return the pids of a process's live children."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except FileNotFoundError:
            pass
    return found


def backend_ticks(database):
    """Return {pid: (start time, CPU ticks)} of the PostgreSQL processes of `database`."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            title = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode()
            match = PG_TITLE.match(title)
            if match and database in match.groups():
                fields = stat_fields(entry.name)
                found[int(entry.name)] = (int(fields[19]), int(fields[11]) + int(fields[12]))
        except (FileNotFoundError, ProcessLookupError, UnicodeDecodeError):
            continue
    return found


def machine_ticks():
    """Return (busy, total) ticks of all cores since boot."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])  # guest time is already inside user time
    return total - idle, total


def process_ticks(pid):
    fields = stat_fields(pid)
    return int(fields[11]) + int(fields[12])


def ms(ticks):
    return ticks * 1000 / CLK_TCK


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--access-log", type=Path, required=True)
    parser.add_argument("--gunicorn", type=int, required=True)
    parser.add_argument("--nginx", type=int, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--timeout", type=float, default=120, help="seconds wrk may run")
    parser.add_argument("wrk", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.wrk[1:] if args.wrk[:1] == ["--"] else args.wrk

    cache = redis.Redis(host="127.0.0.1", port=6379, socket_timeout=5)
    redis_pid = int(cache.info("server")["process_id"])
    commands_before = int(cache.info("stats")["total_commands_processed"])
    log_start = args.access_log.stat().st_size
    load_start = Path("/proc/loadavg").read_text().split()[:3]
    machine_before = machine_ticks()
    gunicorn_before = tree_ticks(args.gunicorn)
    nginx_before = tree_ticks(args.nginx)
    redis_before = process_ticks(redis_pid)
    backends_first = backend_ticks(args.database)
    backends_last = dict(backends_first)
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()

    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = started + args.timeout + WRK_GRACE_SECONDS
    while wrk.poll() is None and time.monotonic() < deadline:
        time.sleep(SAMPLE_SECONDS)
        backends_last.update(backend_ticks(args.database))
    if wrk.poll() is None:
        wrk.kill()
        sys.exit(f"wrk chưa dừng sau {args.timeout + WRK_GRACE_SECONDS:.0f} s: đã dừng nó")
    output = wrk.stdout.read()
    wrk.wait()
    elapsed = time.monotonic() - started
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    backends_last.update(backend_ticks(args.database))
    gunicorn_after = tree_ticks(args.gunicorn)
    nginx_after = tree_ticks(args.nginx)
    redis_after = process_ticks(redis_pid)
    machine_after = machine_ticks()
    commands_after = int(cache.info("stats")["total_commands_processed"])
    load_end = Path("/proc/loadavg").read_text().split()[:3]
    log_end = args.access_log.stat().st_size

    marker = "WRK_JSON "
    lines = [line[len(marker) :] for line in output.splitlines() if line.startswith(marker)]
    result = json.loads(lines[-1]) if lines else None
    if wrk.returncode != 0 or result is None:
        sys.exit(f"wrk lỗi (mã {wrk.returncode}):\n{output}")

    postgres = 0
    for pid, (start, ticks) in backends_last.items():
        first = backends_first.get(pid)
        # The same pid at both ends, or a backend born during the phase (all its CPU).
        postgres += ticks - first[1] if first and first[0] == start else ticks
    busy = machine_after[0] - machine_before[0]
    total = machine_after[1] - machine_before[1]
    args.out.write_text(
        json.dumps(
            {
                "wrk": result,
                "seconds": elapsed,
                "cpu_ms": {
                    "gunicorn": ms(gunicorn_after - gunicorn_before),
                    "nginx": ms(nginx_after - nginx_before),
                    "postgres": ms(postgres),
                    "redis": ms(redis_after - redis_before),
                    "wrk": 1000
                    * (
                        (wrk_after.ru_utime + wrk_after.ru_stime)
                        - (wrk_before.ru_utime + wrk_before.ru_stime)
                    ),
                },
                # The first INFO stats call is one of them.
                "redis_commands": commands_after - commands_before - 1,
                # Every core's busy time, whoever used it: what the groups above leave
                # is the kernel's network work, PostgreSQL's shared processes, this
                # script, and other jobs on the machine.
                "machine_busy_ms": ms(busy),
                "machine_busy": busy / total if total else 0.0,
                "load_start": load_start,
                "load_end": load_end,
                "log_start": log_start,
                "log_end": log_end,
            }
        )
    )


if __name__ == "__main__":
    main()
