"""Keep the PDF and OCR libraries' own log lines out of the terminal.

pdfminer warns ``Could not get FontBBox from font descriptor…`` for many ordinary CJK fonts,
and RapidOCR attaches a handler of its own that prints to stderr: around the one line a
refused edition gets, they read like errors of their own. The loggers get a ``NullHandler``
(and RapidOCR's handlers are taken off), so their records reach only the handlers the root
logger has: none, unless the command was asked to be verbose and set logging up
(``logging.basicConfig``); then they are shown as any other record.
"""

from __future__ import annotations

import logging

__all__ = ["LIBRARY_LOGGERS", "quiet_library_logs"]

#: The loggers of the libraries the sources call.
LIBRARY_LOGGERS: tuple[str, ...] = (
    "pdfminer", "pdfplumber", "pypdfium2", "RapidOCR", "OrtInferSession",
)  # fmt: skip


def quiet_library_logs(names: tuple[str, ...] = LIBRARY_LOGGERS) -> None:
    """Route the loggers ``names`` to the root logger's handlers only: each gets a
    ``NullHandler`` (so Python's last-resort printer stays silent) instead of any stream
    handler the library attached itself. Idempotent."""
    for name in names:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if isinstance(handler, logging.StreamHandler):
                logger.removeHandler(handler)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = True
