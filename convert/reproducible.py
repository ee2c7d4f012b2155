"""The date an output records: SOURCE_DATE_EPOCH, else the source file's time, never the clock,
so that the same input gives the same bytes."""

from __future__ import annotations

import datetime
import os
from pathlib import Path


def source_epoch(source: Path) -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(epoch) if epoch.isdigit() else int(source.stat().st_mtime)


def source_datetime(source: Path) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(source_epoch(source), tz=datetime.UTC)
