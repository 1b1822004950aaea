"""Whether a page's content streams are whole: a damaged page must be refused naming it, never
read in part.

Both PDF engines read what they can of a damaged content stream and say nothing: PDFium draws
the text up to the damage, pdfminer inflates a corrupt Flate stream as far as it goes. A page
whose stream was cut or overwritten (one page of a 53-page edition) then loses the sections
it held without a trace, and the edition publishes "with warnings". This module decodes each
content stream of a page strictly (the filters that carry text: Flate, ASCII85, ASCIIHex, in
order; a stream under another filter is not judged) and says what is wrong with the first
that does not decode to its end.

Finding a page's content streams takes pdfminer's parser, which is slow on files that keep
their objects in compressed object streams (it parses every object of such a stream: 4 ms a
page on a LaTeX manual). ``whole_file`` first judges every stream of the file from its raw
bytes (about 100 MB/s) and the content references of every page: only a file where that
finds something wrong, or cannot judge, is checked page by page.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import regex as re
from pdfminer.ascii85 import ascii85decode, asciihexdecode, end_re, start_re
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    PDFStream,
    resolve1,
)

__all__ = ["damaged_stream", "whole_file"]

#: A stream object's head, the bytes before its ``stream`` keyword from its ``obj`` keyword:
#: its number and its dictionary.
_STREAM_HEAD = re.compile(rb"(\d+)\s+\d+\s+obj\s*(<<.*>>)\s*", re.S)
#: How far before ``stream`` an object's head may start.
_HEAD_BYTES = 4096
#: A direct ``/Length``; an indirect one (``/Length 12 0 R``) leaves ``endstream`` to be found.
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\d|\s+\d+\s+R)")
#: The filters of a stream, one name or an array of names.
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
#: A page's content reference(s): ``/Contents 12 0 R`` or ``/Contents [12 0 R 13 0 R]``.
_CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R")
#: An array object (``12 0 obj [13 0 R 14 0 R] endobj``): a page's contents may be one.
_ARRAY = re.compile(rb"(\d+)\s+\d+\s+obj\s*\[([^\]]*)\]\s*endobj")
#: An object stream's dictionary, whose decoded data may hold pages.
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
#: Names of the filters ``damaged_stream`` judges, by what they do.
_FLATE = frozenset({b"FlateDecode", b"Fl"})
_ASCII85 = frozenset({b"ASCII85Decode", b"A85"})
_ASCIIHEX = frozenset({b"ASCIIHexDecode", b"AHx"})
#: The whitespace ASCII85 data may hold (``base64.a85decode``'s ``ignorechars``).
_A85_SPACE = b" \t\n\r\x0b"
#: The digits of an ASCII85 group (``!``…``u``, 33…117), and the weight of each of its five.
_A85_FIRST, _A85_LAST = 33, 117
_A85_WEIGHTS = (85**4, 85**3, 85**2, 85, 1)


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
    names = [_literal_name(name) for name, _ in stream.get_filters()]
    try:
        _run_filters(data, names)
    except (ValueError, zlib.error) as error:
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(error))
        kind = "Flate" if isinstance(error, zlib.error) else type(error).__name__
        return f"its content stream is damaged: {kind}: {shown}"
    return None


def _literal_name(name: object) -> bytes:
    """A pdfminer filter name as the raw name (``FlateDecode``), for ``_run_filters``."""
    if name in LITERALS_FLATE_DECODE:
        return b"FlateDecode"
    if name in LITERALS_ASCII85_DECODE:
        return b"ASCII85Decode"
    if name in LITERALS_ASCIIHEX_DECODE:
        return b"ASCIIHexDecode"
    return b"?"


def _run_filters(data: bytes, names: Iterable[bytes]) -> bytes:
    """``data`` through the filters ``names`` in order, up to the first not judged here (an
    image's: what it gives is not needed). Raises ``zlib.error`` or ``ValueError`` where a
    filter fails."""
    for name in names:
        if name in _FLATE:
            data = _inflate(data)
        elif name in _ASCII85:
            data = _ascii85(data)
        elif name in _ASCIIHEX:
            data = asciihexdecode(data)
        else:
            break
    return data


def _ascii85(data: bytes) -> bytes:
    """ASCII85 ``data`` decoded: byte for byte what pdfminer's ``ascii85decode`` gives, a
    group at a time in numpy rather than in ``base64.a85decode``'s Python loop (1 µs for four
    bytes: most of a page's cost in a file whose content streams are ASCII85, as reportlab
    writes them). Data with anything but plain groups (a ``z`` group, a character out of the
    digits, a group above 2³²) goes to ``ascii85decode``, which raises its ``ValueError``."""
    import numpy as np  # pandas' dependency; loaded for ASCII85 streams only

    digits = end_re.sub(b"", start_re.sub(b"", data)).translate(None, _A85_SPACE)
    codes = np.frombuffer(digits, dtype=np.uint8)
    if not codes.size or codes.min() < _A85_FIRST or codes.max() > _A85_LAST:
        return bytes(ascii85decode(data))
    padding = -len(digits) % 5  # a last, short group is decoded as if padded with "u"
    groups = np.frombuffer(digits + b"u" * padding, dtype=np.uint8).reshape(-1, 5)
    values = (groups.astype(np.uint64) - _A85_FIRST) @ np.array(_A85_WEIGHTS, dtype=np.uint64)
    if int(values.max()) > 0xFFFFFFFF:
        return bytes(ascii85decode(data))
    decoded = values.astype(">u4").tobytes()
    return decoded[: len(decoded) - padding]


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


def whole_file(data: bytes) -> bool:
    """True when every content stream of every page of the PDF ``data`` is known to be whole
    (then no page needs ``damaged_stream``): the file is not encrypted, every page's
    ``/Contents`` refers to streams of the file (directly, or through an array object) and
    each of them decodes to its end under the filters judged here. False when anything is
    wrong, or cannot be told from the raw bytes."""
    if b"/Encrypt" in data:
        return False
    streams: dict[bytes, tuple[bytes, int, int]] = {}  # number: dictionary, data start, end
    holders = [data]  # where page dictionaries may be: the file, and its object streams
    for number, dictionary, start, end in _streams(data):
        if end < start or end > len(data):
            return False
        if _OBJECT_STREAM.search(dictionary):
            decoded = _decoded(dictionary, data[start:end])
            if decoded is None:
                return False
            holders.append(decoded)
        streams[number] = (dictionary, start, end)
    arrays = {number: _REFERENCE.findall(refs) for holder in holders
              for number, refs in _ARRAY.findall(holder)}  # fmt: skip
    for holder in holders:
        for contents in _CONTENTS.finditer(holder):
            for number in _REFERENCE.findall(contents.group(1)):
                for part in arrays.get(number, [number]):
                    if part not in streams:
                        return False
                    dictionary, start, end = streams[part]
                    if _decoded(dictionary, data[start:end]) is None:
                        return False
    return True


def _streams(data: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    """Each stream object of the PDF ``data``: its number, dictionary, and where its data
    starts and ends (by a direct ``/Length``, else at ``endstream``), in file order. A
    ``stream`` keyword whose head is not an object's (inside another stream's data, or
    damaged) is passed over; a stream's data is never searched for keywords."""
    at = 0
    while (keyword := data.find(b"stream", at)) >= 0:
        at = keyword + 6
        if data[keyword - 3 : keyword] == b"end":
            continue
        start = at + (2 if data[at : at + 2] == b"\r\n" else 1)
        opening = data.rfind(b"obj", max(keyword - _HEAD_BYTES, 0), keyword)
        head = _STREAM_HEAD.search(data, max(opening - 24, 0), keyword) if opening >= 0 else None
        if head is None or head.end() != keyword or data[at : start] not in (b"\n", b"\r\n"):
            continue
        length = _LENGTH.search(head.group(2))
        end = start + int(length.group(1)) if length else data.find(b"endstream", start)
        yield head.group(1), head.group(2), start, end
        at = max(end, at)


def _decoded(dictionary: bytes, raw: bytes) -> bytes | None:
    """``raw`` through the filters its stream ``dictionary`` names (``_run_filters``); None
    when one fails."""
    found = _FILTER.search(dictionary)
    try:
        return _run_filters(raw, _NAME.findall(found.group(1)) if found else [])
    except (ValueError, zlib.error):
        return None
