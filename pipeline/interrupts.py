"""Ctrl-C and SIGTERM as one exception, raised where it cannot be lost.

A Python signal handler runs between two bytecodes of the main thread, wherever that is: in the
middle of an import, or inside a ``__del__`` the garbage collector happened to call. An
exception raised inside a finaliser is not propagated: Python prints ``Exception ignored in …``
and the run goes on (a SIGTERM swallowed that way once let a run finish, exit 0 and replace an
edition). So the handler here

* records the signal before anything else (``received()``), so ``catalog``'s ``main`` can tell
  an error the interruption caused (an ``ImportError`` from an interrupted import, a page
  worker that died of the same Ctrl-C) from a real one, and force the signal's exit status if
  the exception was lost after all;
* raises nothing inside a finaliser (``__del__``, a weakref callback): it asks for the signal
  again a moment later, from a timer thread, when the main thread is back in ordinary code;
* raises nothing while the interruption is already being handled: the store's rollback runs in
  ``finally`` blocks and ``__exit__`` methods and must not be cut short by a second Ctrl-C;
* holds a signal while an edition is being published (``hold()`` … ``release()``): the commit
  and the derived outputs are not cut short, the exception comes when the edition is done and
  ``published()`` then says something was published before it;
* and, through ``sys.unraisablehook``, notices when its exception was swallowed anyway (by a
  finaliser it did not recognise) and asks for the signal again instead of printing it.

Pure standard library, so ``catalog`` installs it before it imports anything heavy.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

__all__ = [
    "HANDLED_SIGNALS", "Terminated", "acknowledge", "acknowledged", "catching_signals", "hold",
    "note_published", "published", "received", "release",
]  # fmt: skip


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so every ``finally`` (the store's rollback) runs."""


#: The signals turned into exceptions: Ctrl-C and a polite kill.
HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: Seconds before a signal that could not be raised is delivered again.
REDELIVERY_DELAY = 0.05
#: Code the interpreter runs as a finaliser, where a raised exception is printed and lost: by
#: function name, and by qualified name for the standard library's weakref callbacks.
FINALISER_NAMES = frozenset({"__del__"})
FINALISER_QUALNAMES = frozenset({
    "finalize.__call__",
    "WeakValueDictionary.__init__.<locals>.remove",
    "WeakKeyDictionary.__init__.<locals>.remove",
    "WeakSet.__init__.<locals>._remove",
})  # fmt: skip


@dataclass
class _State:
    """What this process's handler knows: the first signal received and whether ``main`` has
    reported it, and what it replaced (restored on the way out)."""

    signal: int | None = None
    acknowledged: bool = False
    installed: bool = False
    holding: bool = False
    published: bool = False
    previous: dict[int, Any] = field(default_factory=dict)
    previous_hook: Callable[[Any], Any] | None = None


_STATE = _State()
#: Held while the handlers are removed, and while a signal is delivered again.
_UNINSTALLING = threading.Lock()


def received() -> int | None:
    """The first signal (``signal.SIGINT`` or ``SIGTERM``) received while the handler was
    installed, or None."""
    return _STATE.signal


def acknowledged() -> bool:
    """Whether ``acknowledge()`` was called for the signal received."""
    return _STATE.acknowledged


def acknowledge() -> None:
    """Say the signal has been reported: later ones (a second Ctrl-C during the rollback) are
    recorded and nothing more."""
    _STATE.acknowledged = True


def hold() -> None:
    """From now until ``release()``, a signal is recorded and not raised: an edition is being
    published (its commit must not be cut short; the site and database are refreshed after)."""
    _STATE.holding = True


def release() -> None:
    """End ``hold()``. With no error on its way out, the edition counts as published
    (``published()``), and a signal received meanwhile is raised now."""
    if not _STATE.holding:
        return
    _STATE.holding = False
    if sys.exception() is not None:
        return
    _STATE.published = True
    if _STATE.signal is not None and not _STATE.acknowledged:
        raise _exception(_STATE.signal)


def note_published() -> None:
    """An edition was published by a process this one waits for (a Dask worker): a signal now
    is reported as coming after publishing."""
    _STATE.published = True


def published() -> bool:
    """Whether an edition was published (a ``hold()`` released with no error) in this run."""
    return _STATE.published


def _exception(number: int) -> KeyboardInterrupt:
    return Terminated() if number == signal.SIGTERM else KeyboardInterrupt()


def _in_finaliser(frame: FrameType | None) -> bool:
    """Whether ``frame`` or a frame that called it is a finaliser (``FINALISER_NAMES``)."""
    while frame is not None:
        code = frame.f_code
        if code.co_name in FINALISER_NAMES or code.co_qualname in FINALISER_QUALNAMES:
            return True
        frame = frame.f_back
    return False


def _handling_interruption() -> bool:
    """Whether the main thread is handling a ``KeyboardInterrupt`` (or an error raised while it
    was): an ``except``, ``finally`` or ``__exit__`` on its way out."""
    error: BaseException | None = sys.exception()
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__context__
    return False


def _ask_again(number: int) -> None:
    """Deliver ``number`` to the main thread again in ``REDELIVERY_DELAY`` seconds, unless by
    then it has been reported or the handlers are gone (the default action would kill)."""
    state, target = _STATE, threading.main_thread().ident

    def send() -> None:
        with _UNINSTALLING:
            if (state is not _STATE or not state.installed or state.acknowledged
                    or sys.is_finalizing()):
                return
            if hasattr(signal, "pthread_kill") and target is not None:
                signal.pthread_kill(target, number)
            else:
                os.kill(os.getpid(), number)

    timer = threading.Timer(REDELIVERY_DELAY, send)
    timer.daemon = True
    with contextlib.suppress(RuntimeError):  # the interpreter is shutting down: main returned
        timer.start()


def _on_signal(number: int, frame: FrameType | None) -> None:
    if _STATE.signal is None:
        _STATE.signal = number
    if _STATE.acknowledged or _STATE.holding or _handling_interruption():
        return
    if _in_finaliser(frame):
        _ask_again(number)
        return
    raise _exception(number)


def _on_unraisable(report: Any) -> None:
    """``sys.unraisablehook``: our exception, lost in a finaliser, is delivered again rather
    than printed; anything else goes to the hook this one replaced."""
    if isinstance(report.exc_value, KeyboardInterrupt) and _STATE.signal is not None:
        if not _STATE.acknowledged:
            _ask_again(_STATE.signal)
        return
    (_STATE.previous_hook or sys.__unraisablehook__)(report)


def _install() -> bool:
    """Install the handlers (main thread only); False when they were installed already or this
    is not the main thread."""
    global _STATE
    if _STATE.installed or threading.current_thread() is not threading.main_thread():
        return False
    _STATE = _State(installed=True, previous_hook=sys.unraisablehook)
    sys.unraisablehook = _on_unraisable
    for number in HANDLED_SIGNALS:
        _STATE.previous[number] = signal.signal(number, _on_signal)
    return True


def _uninstall() -> None:
    with _UNINSTALLING:
        _STATE.installed = False
    for number, previous in _STATE.previous.items():
        signal.signal(number, previous)
    if _STATE.previous_hook is not None:
        sys.unraisablehook = _STATE.previous_hook


@contextmanager
def catching_signals(*, keep: bool = False) -> Iterator[None]:
    """SIGINT and SIGTERM handled as the module docstring says, for the ``with`` block (in the
    main thread; elsewhere, and when already installed, nothing changes). ``keep`` leaves the
    handlers installed after the block, until the process exits."""
    installed = _install()
    try:
        yield
    finally:
        if installed and not keep:
            _uninstall()
