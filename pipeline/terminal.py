"""Text from an edition file, made safe to print on a terminal.

Names, labels and file names reach the terminal in messages and reports, and an edition file is
input nobody vetted: an ESC sequence in a name can recolour, move the cursor or rewrite what the
terminal already shows; a newline forges a second ``error:`` line that looks like the program's
own; a bidi override (``文件\\u202egnp.exe`` reads as ``文件exe.png``) reverses what a name
appears to be, and a zero-width character makes two different names look alike. Those
characters are shown as visible escapes instead; everything else (Chinese, full-width
punctuation, emoji) is printed as it is.
"""

from __future__ import annotations

import regex as re

__all__ = ["for_terminal"]

#: What is shown escaped: every control character (``Cc``: C0 with tab and newline, DEL, C1)
#: and format character (``Cf``: zero-width, bidi embeddings, overrides, isolates and marks,
#: BOM, tag characters), and the line and paragraph separators (``Zl``, ``Zp``) that some
#: terminals and viewers break lines at.
_UNSAFE = re.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]")


def _escape(found: re.Match[str]) -> str:
    """The character as Python writes it in a string literal (``\\x1b``, ``\\n``, ``\\u202e``):
    visible, unambiguous, and recognisable to anyone who reads Python or C."""
    return str(found.group()).encode("unicode_escape").decode("ascii")


def for_terminal(text: str) -> str:
    """``text`` with control, format and line-separator characters replaced by visible escapes
    (``"a\\x1b[31mb"`` → ``a\\x1b[31mb`` as plain characters), so one message stays one line
    and shows what the file really holds. Other characters are returned unchanged."""
    return str(_UNSAFE.sub(_escape, text))
