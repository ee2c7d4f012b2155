"""The worker side of the printed book: lay out one chunk (and, in the second pass, write it)."""

from __future__ import annotations

import gc
from multiprocessing import util
from typing import TYPE_CHECKING

from convert.assets import use_project_assets
from convert.config import Config
from convert.pandoc import stop_server

if TYPE_CHECKING:
    from convert.writers.book_pdf import Chunk
    from convert.writers.pdf_layout import LaidOut

_config: Config | None = None


def start_layout_worker(config: Config) -> None:
    global _config
    _config = config
    use_project_assets(styles=config.styles, fonts=config.fonts)
    util.Finalize(None, stop_server, exitpriority=10)
    from convert.writers.pdf import warm_up

    warm_up()
    gc.freeze()


def lay_out(chunk: Chunk) -> LaidOut:
    from convert.writers.book_pdf import lay_out_chunk

    assert _config is not None, "worker not started"
    result = lay_out_chunk(chunk, config=_config)
    gc.collect()  # a laid-out document is a web of cycles: free it before the next chunk
    return result
