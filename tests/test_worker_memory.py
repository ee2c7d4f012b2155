"""Workers keep freed memory for the next article instead of faulting fresh pages in each time."""

from __future__ import annotations

import subprocess
import sys

PAGES_PER_BUFFER = (4 << 20) // 4096
ROUNDS = 40

# A cover-sized buffer, a little larger each round, made and freed: the page faults it cost.
PROGRAM = f"""
import resource, sys
if sys.argv[1] == "worker":
    from convert.worker import _keep_freed_memory
    _keep_freed_memory()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for step in range({ROUNDS}):
    block = bytearray((4 << 20) + step * 4096)
    del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(setting: str) -> int:
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM, setting], capture_output=True, text=True, check=True
    )
    return int(run.stdout)


def test_a_worker_reuses_freed_buffers_where_a_default_process_faults_them_in_again() -> None:
    assert _faults("default") > ROUNDS // 2 * PAGES_PER_BUFFER
    assert _faults("worker") < 3 * PAGES_PER_BUFFER
