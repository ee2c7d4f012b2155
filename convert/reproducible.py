"""The date an output records: SOURCE_DATE_EPOCH (read once, where the build starts, so that a
cluster's workers record the client's), else the source file's time, never the clock, so that
the same input gives the same bytes."""

from __future__ import annotations

import datetime
import os
from pathlib import Path


def epoch_from_environment() -> int | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(epoch) if epoch.isdigit() else None


def source_datetime(source: Path, *, epoch: int | None) -> datetime.datetime:
    seconds = epoch if epoch is not None else int(source.stat().st_mtime)
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
