"""Run a command and measure it: wall time, CPU time of all its processes, and the peak resident
memory of each process it started (the command, its workers, each worker's pandoc)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.1


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float  # user + system, of the command and every process it waited for
    returncode: int
    stderr: str
    # Peak resident memory (VmHWM) in MB of each process seen, by "pid name".
    peaks: dict[str, float] = field(default_factory=dict)
    # The kernel's peak of the largest process waited for: catches a peak between two samples.
    kernel_largest_mb: float = 0.0

    @property
    def largest_mb(self) -> float:
        return max([*self.peaks.values(), self.kernel_largest_mb])


def _parents() -> dict[int, int]:
    """Each running process's parent, by pid."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # The name in parentheses may hold spaces; the parent's pid is the second field after it.
        parents[int(stat.parent.name)] = int(text.rsplit(")", 1)[1].split()[1])
    return parents


def _peak_mb(pid: int) -> tuple[str, float] | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    if "VmHWM" not in fields:
        return None
    return fields["Name"].strip(), int(fields["VmHWM"].split()[0]) / 1024


def run_measured(command: list[str], *, env: dict[str, str] | None = None) -> Measured:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peaks: dict[str, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            parents = _parents()
            family = {process.pid}
            for pid in sorted(parents):  # a child's pid is almost always above its parent's
                if parents[pid] in family:
                    family.add(pid)
            for pid in family:
                peak = _peak_mb(pid)
                if peak is not None:
                    key = f"{pid} {peak[0]}"
                    peaks[key] = max(peaks.get(key, 0.0), peak[1])
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return Measured(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        returncode=process.returncode,
        stderr=stderr,
        peaks=peaks,
        kernel_largest_mb=usage.ru_maxrss / 1024,
    )


def describe_peaks(measured: Measured) -> str:
    """`name MB` for each process, largest first."""
    by_size = sorted(measured.peaks.items(), key=lambda item: -item[1])
    return ", ".join(f"{key.split(' ', 1)[1]} {mb:.0f} MB" for key, mb in by_size)


def os_load() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def growth(measured: Measured, before: tuple[int, Measured] | None, *, size: int, unit: str) -> str:
    """`×W wall, ×C CPU for ×F <unit>` against the run of `before` (its size and measure)."""
    if before is None:
        return "–"
    wall = measured.seconds / before[1].seconds
    cpu = measured.cpu_seconds / before[1].cpu_seconds
    return f"×{wall:.2f} wall, ×{cpu:.2f} CPU for ×{size / before[0]:g} {unit}"
