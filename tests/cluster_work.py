"""Work for the cluster's executor tests; importable by the test cluster's workers."""

from __future__ import annotations

import os
import time


def work(item: str) -> str:
    if item == "crash":
        os._exit(3)  # the worker process dies, as a segfault in a native library would
    if item == "hang":
        time.sleep(60)
    return item.upper()
