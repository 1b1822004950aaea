"""Whether a page's content streams are whole: a damaged page must be refused naming it, never
read in part.

Both PDF engines read what they can of a damaged content stream and say nothing: PDFium draws
the text up to the damage, pdfminer inflates a corrupt Flate stream as far as it goes. A page
whose stream was cut or overwritten (one page of a 53-page edition) then loses the sections
it held without a trace, and the edition publishes "with warnings". This module decodes each
content stream of a page strictly (the filters that carry text: Flate, ASCII85, ASCIIHex, in
order; a stream under another filter is not judged) and says what is wrong with the first
that does not decode to its end.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    PDFStream,
    resolve1,
)

__all__ = ["damaged_stream"]


def damaged_stream(contents: Iterable[Any]) -> str | None:
    """What is wrong with the first of a page's content streams (pdfminer's ``PDFStream``
    objects, as ``PDFPage.contents`` holds them) that does not decode to its end, or None when
    each decodes whole (or is under a filter not judged here)."""
    for stream in contents:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream):
            return "its content is not a stream (a reference to a missing object?)"
        problem = _decode_problem(stream)
        if problem is not None:
            return problem
    return None


def _decode_problem(stream: PDFStream) -> str | None:
    data = stream.rawdata
    if data is None:  # decoded already, leniently: too late to judge
        return None
    if stream.decipher:
        if stream.objid is None or stream.genno is None:
            return None  # an encrypted stream that is no object of its own: not judged
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for name, _ in stream.get_filters():
        try:
            if name in LITERALS_FLATE_DECODE:
                data = _inflate(data)
            elif name in LITERALS_ASCII85_DECODE:
                data = ascii85decode(data)
            elif name in LITERALS_ASCIIHEX_DECODE:
                data = asciihexdecode(data)
            else:
                return None
        except (ValueError, zlib.error) as error:
            shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(error))
            kind = "Flate" if isinstance(error, zlib.error) else type(error).__name__
            return f"its content stream is damaged: {kind}: {shown}"
    return None


def _inflate(data: bytes) -> bytes:
    """``data`` (a zlib stream) inflated; ``zlib.error`` when it is corrupt, ends before its
    last block, or its checksum (when the writer put one) does not match what it inflates to:
    zeros written over Huffman-coded data often inflate without error, to other text."""
    if len(data) < 2 or data[0] & 0x0F != 8 or (data[0] << 8 | data[1]) % 31:
        raise zlib.error("it is not zlib data (incorrect header)")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw: the end of the last block is known
    out = inflater.decompress(data[2:])
    if not inflater.eof:
        raise zlib.error("the compressed data ends early (cut short or overwritten)")
    checksum = inflater.unused_data[:4]
    if len(checksum) == 4 and int.from_bytes(checksum, "big") != zlib.adler32(out):
        raise zlib.error("its checksum does not match what it inflates to (overwritten)")
    return out
