#!/usr/bin/env python3
"""Reader for the recpipe record stream (recpipe-stream(5)), in pure Python 3.9+ with the standard library only.

    import recpipe
    with open("data.rec", "rb") as f:
        for table, record in recpipe.read_stream(f):
            print(table, record)          # record: {field name: value} in schema order

    r = recpipe.Reader(f)                 # the same, with the schemas at hand
    for table, record in r:
        ...
    r.tables                              # {table id: TableSchema(name, fields [(name, type, nullable)], metadata)}

Values: integers as int, f32/f64 as float, bool as bool, string as str (UTF-8 decoded with
errors="surrogateescape", so that invalid bytes survive a round trip), bytes as bytes, null as None.

Every rule of the format is enforced: the magic and major version, whole frames, checksums (XXH3-64 of the
payload seeded with the first 16 header bytes; verify=False skips them), known frame types (an unknown one is
skipped only when its skippable flag is set), each table's schema before its batches and only once, records that
stay inside their batch, an END frame that lists every table with its exact record count and has nothing after
it, and a stream that does not stop before its END. A broken stream raises StreamError, whose message and
`offset` attribute give the byte offset; an ERROR frame from a failing producer raises UpstreamError (a
StreamError) carrying the producer's message unchanged.

read_batches_numpy() yields, for tables of fixed-width fields only, each batch as a numpy structured array (numpy
is imported only then).

Command line: python3 recpipe.py [FILE|-] [--no-verify] prints the records as JSON lines, in the form of
`chunk --to jsonl`; on a bad stream it prints "recpipe.py: error: ..." and exits 1.

Checksums use the `xxhash` module when it is installed, else the pure-Python recpipe_xxh3.py next to this file.
"""

import base64
import io
import math
import os
import struct
import sys
from typing import NamedTuple

__all__ = [
    "StreamError",
    "UpstreamError",
    "Field",
    "TableSchema",
    "Reader",
    "read_stream",
    "read_batches_numpy",
    "TYPE_NAMES",
]

MAGIC = b"\x89RPS\r\n\x1a\n"
MAJOR_VERSION = 1
MINOR_VERSION = 0
STREAM_HEADER_SIZE = 16
FRAME_HEADER_SIZE = 24
MAX_FRAME_PAYLOAD = 1 << 30

FRAME_SCHEMA = 1
FRAME_BATCH = 2
FRAME_END = 3
FRAME_ERROR = 4
FLAG_SKIPPABLE = 0x01

# Type codes -> (name, struct code, width). string and bytes are variable-width (width 0).
_TYPES = {
    1: ("bool", "?", 1),
    2: ("i8", "b", 1),
    3: ("i16", "h", 2),
    4: ("i32", "i", 4),
    5: ("i64", "q", 8),
    6: ("u8", "B", 1),
    7: ("u16", "H", 2),
    8: ("u32", "I", 4),
    9: ("u64", "Q", 8),
    10: ("f32", "f", 4),
    11: ("f64", "d", 8),
    12: ("string", None, 0),
    13: ("bytes", None, 0),
}
TYPE_NAMES = {code: info[0] for code, info in _TYPES.items()}
_TYPE_CODES = {name: code for code, name in TYPE_NAMES.items()}

_FRAME_HEADER = struct.Struct("<IBBHIIQ")
_SEED_WORDS = struct.Struct("<QQ")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
_END_ENTRY = struct.Struct("<IQ")


def _load_xxh3():
    try:
        import xxhash  # type: ignore

        fn = xxhash.xxh3_64_intdigest
        fn(b"", seed=1)
        return lambda data, seed: fn(data, seed=seed)
    except Exception:
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.append(here)
    from recpipe_xxh3 import xxh3_64

    return xxh3_64


_xxh3 = None


def _checksum(header, payload):
    global _xxh3
    if _xxh3 is None:
        _xxh3 = _load_xxh3()
    lo, hi = _SEED_WORDS.unpack_from(header, 0)
    return _xxh3(payload, lo ^ hi)


class StreamError(Exception):
    """A malformed or failed stream. `offset` is the stream byte offset where the problem was found."""

    def __init__(self, message, offset):
        self.offset = offset
        self.reason = message
        super().__init__("byte %d: %s" % (offset, message))


class UpstreamError(StreamError):
    """The producer failed and said so in an ERROR frame: str(e) is its message as it stands."""

    def __init__(self, message, offset):
        super().__init__(message, offset)
        self.args = (message,)

    def __str__(self):
        return self.reason


class Field(NamedTuple):
    name: str
    type: str  # "bool", "i8", ..., "f64", "string", "bytes"
    nullable: bool


class TableSchema:
    """One table: `id`, `name`, `fields` [Field(name, type, nullable)], `metadata` {key: value}."""

    def __init__(self, table_id, name, fields, metadata):
        self.id = table_id
        self.name = name
        self.fields = fields
        self.metadata = metadata
        self.type_codes = [_TYPE_CODES[f.type] for f in fields]
        nullable = sum(1 for f in fields if f.nullable)
        self.bitmap_bytes = (nullable + 7) // 8
        self.variable = [i for i, c in enumerate(self.type_codes) if _TYPES[c][2] == 0]
        self.fixed = [i for i, c in enumerate(self.type_codes) if _TYPES[c][2] != 0]
        self.fixed_size = not self.variable
        self.fixed_bytes = sum(_TYPES[self.type_codes[i]][2] for i in self.fixed)
        self.record_size = self.bitmap_bytes + self.fixed_bytes  # whole record for fixed-size tables
        self.null_bits = []
        k = 0
        for f in fields:
            self.null_bits.append(k if f.nullable else -1)
            if f.nullable:
                k += 1
        self._fixed_struct = struct.Struct("<" + "".join(_TYPES[self.type_codes[i]][1] for i in self.fixed))
        self._decoder = None

    def __repr__(self):
        return "TableSchema(id=%r, name=%r, fields=%r, metadata=%r)" % (self.id, self.name, self.fields, self.metadata)

    def field_names(self):
        return [f.name for f in self.fields]


def _decode_str(b):
    return b.decode("utf-8", "surrogateescape")


class _Payload:
    """Bounds-checked reading of a schema/end/error payload; errors name the stream offset."""

    def __init__(self, data, base, what):
        self.data = data
        self.pos = 0
        self.base = base
        self.what = what

    def fail(self, message):
        raise StreamError("%s: %s" % (self.what, message), self.base + self.pos)

    def need(self, n):
        if len(self.data) - self.pos < n:
            self.fail("payload ends early (needs %d more bytes, has %d)" % (n, len(self.data) - self.pos))

    def u8(self):
        self.need(1)
        v = self.data[self.pos]
        self.pos += 1
        return v

    def unpack(self, st):
        self.need(st.size)
        v = st.unpack_from(self.data, self.pos)
        self.pos += st.size
        return v

    def u16(self):
        return self.unpack(_U16)[0]

    def u32(self):
        return self.unpack(_U32)[0]

    def string_bytes(self):
        n = self.u32()
        self.need(n)
        s = bytes(self.data[self.pos:self.pos + n])
        self.pos += n
        return s

    def string(self):
        return _decode_str(self.string_bytes())

    def at_end(self):
        return self.pos == len(self.data)


def _decode_schema(table_id, payload, base):
    r = _Payload(payload, base, "schema frame of table %d" % table_id)
    name = r.string()
    nfields = r.u16()
    fields = []
    for _ in range(nfields):
        fname = r.string()
        at = r.pos
        code = r.u8()
        if code not in _TYPES:
            r.pos = at
            r.fail("field '%s' has unknown type code %d" % (fname, code))
        at = r.pos
        flags = r.u8()
        if flags > 1:
            r.pos = at
            r.fail("field '%s' has unknown flags %#x" % (fname, flags))
        fields.append(Field(fname, TYPE_NAMES[code], bool(flags & 1)))
    nmeta = r.u16()
    metadata = {}
    for _ in range(nmeta):
        key = r.string()
        metadata[key] = r.string()
    if not r.at_end():
        r.fail("%d unexpected bytes after the metadata" % (len(payload) - r.pos))
    return TableSchema(table_id, name, fields, metadata)


def _make_decoder(schema):
    """Returns decode(payload, count, base) -> list of value tuples in schema order (None for null).

    base is the stream offset of the payload, for error messages.
    """
    bb = schema.bitmap_bytes
    fixed_struct = schema._fixed_struct
    fixed_end = bb + schema.fixed_bytes
    nfields = len(schema.fields)
    var_idx = schema.variable
    nvar = len(var_idx)
    codes = schema.type_codes
    null_bits = schema.null_bits
    # For each field, its index in the raw values of a record: the fixed ones in order, then the variable ones.
    nfixed = len(schema.fixed)
    source = []
    fk = vk = 0
    for i in range(nfields):
        if _TYPES[codes[i]][2]:
            source.append(fk)
            fk += 1
        else:
            source.append(nfixed + vk)
            vk += 1
    is_string = [codes[i] == 12 for i in range(nfields)]
    is_bytes = [codes[i] == 13 for i in range(nfields)]
    any_nullable = bb > 0
    u32 = _U32.unpack_from
    fixed_unpack = fixed_struct.unpack_from

    def finish(raw_fixed, raw_var, bitmap):
        raw = raw_fixed + tuple(raw_var) if nvar else raw_fixed
        out = []
        for i in range(nfields):
            nb = null_bits[i]
            if nb >= 0 and (bitmap >> nb) & 1:
                out.append(None)
                continue
            v = raw[source[i]]
            if is_string[i]:
                v = _decode_str(v)
            elif is_bytes[i]:
                v = bytes(v)
            out.append(v)
        return tuple(out)

    if not nvar:
        size = schema.record_size

        def decode_fixed(payload, count, base):
            if len(payload) != count * size:
                raise StreamError(
                    "batch of table %d ('%s'): payload of %d bytes does not hold %d records of %d bytes"
                    % (schema.id, schema.name, len(payload), count, size),
                    base,
                )
            if not any_nullable:
                if size == 0:
                    return [()] * count
                return list(fixed_struct.iter_unpack(payload)) if count else []
            out = []
            for k in range(count):
                at = k * size
                bitmap = int.from_bytes(payload[at:at + bb], "little") if bb else 0
                out.append(finish(fixed_unpack(payload, at + bb), (), bitmap))
            return out

        return decode_fixed

    def decode_var(payload, count, base):
        n = len(payload)
        pos = 0
        out = []
        for k in range(count):
            if n - pos < 4:
                raise StreamError(
                    "batch of table %d ('%s'): record %d of %d overruns the batch (no room for its length)"
                    % (schema.id, schema.name, k + 1, count),
                    base + pos,
                )
            rest = u32(payload, pos)[0]
            start = pos + 4
            end = start + rest
            if end > n:
                raise StreamError(
                    "batch of table %d ('%s'): record %d of %d overruns the batch (length %d, %d bytes left)"
                    % (schema.id, schema.name, k + 1, count, rest, n - start),
                    base + pos,
                )
            if rest < fixed_end:
                raise StreamError(
                    "batch of table %d ('%s'): record %d of %d is %d bytes, shorter than its %d fixed bytes"
                    % (schema.id, schema.name, k + 1, count, rest, fixed_end),
                    base + pos,
                )
            bitmap = int.from_bytes(payload[start:start + bb], "little") if bb else 0
            raw_fixed = fixed_unpack(payload, start + bb)
            q = start + fixed_end
            raw_var = []
            for j in range(nvar - 1):
                if end - q < 4:
                    raise StreamError(
                        "batch of table %d ('%s'): record %d: field '%s' overruns the record"
                        % (schema.id, schema.name, k + 1, schema.fields[var_idx[j]].name),
                        base + q,
                    )
                length = u32(payload, q)[0]
                q += 4
                if end - q < length:
                    raise StreamError(
                        "batch of table %d ('%s'): record %d: field '%s' of %d bytes overruns the record"
                        % (schema.id, schema.name, k + 1, schema.fields[var_idx[j]].name, length),
                        base + q - 4,
                    )
                raw_var.append(payload[q:q + length])
                q += length
            raw_var.append(payload[q:end])
            out.append(finish(raw_fixed, raw_var, bitmap))
            pos = end
        if pos != n:
            raise StreamError(
                "batch of table %d ('%s'): %d bytes after its last record (%d records)"
                % (schema.id, schema.name, n - pos, count),
                base + pos,
            )
        return out

    return decode_var


class Reader:
    """Reads a recpipe stream from a binary file object (or a path).

    Iterating yields (table_name, record_dict) in stream order. `tables` maps table id -> TableSchema, filled in
    as schema frames are read; `end_counts` is {table id: records} once the END frame has been read.
    """

    def __init__(self, fileobj, verify=True):
        self._own = None
        if isinstance(fileobj, (str, bytes, os.PathLike)):
            fileobj = self._own = open(fileobj, "rb")
        elif isinstance(fileobj, (bytearray, memoryview)):
            fileobj = io.BytesIO(bytes(fileobj))
        self._f = fileobj
        self.verify = verify
        self.offset = 0
        self.tables = {}
        self.counts = {}
        self.end_counts = None
        self.version = None
        self._started = False
        self._done = False

    # -- low-level reading ----------------------------------------------------------------------------------

    def _read(self, n):
        """Up to n bytes; fewer only at end of input."""
        if n == 0:
            return b""
        chunks = []
        got = 0
        while got < n:
            b = self._f.read(n - got)
            if not b:
                break
            chunks.append(b)
            got += len(b)
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        self.offset += len(data)
        return data

    def _read_header(self):
        self._started = True
        head = self._read(STREAM_HEADER_SIZE)
        if len(head) < len(MAGIC) or head[: len(MAGIC)] != MAGIC:
            raise StreamError("not a recpipe stream", 0)
        if len(head) < STREAM_HEADER_SIZE:
            raise StreamError("stream header cut short (%d of %d bytes)" % (len(head), STREAM_HEADER_SIZE), 0)
        # The reserved field and the minor version are not checked (as lib/stream_reader.cc does not).
        major, minor = struct.unpack_from("<HH", head, 8)
        if major != MAJOR_VERSION:
            raise StreamError(
                "unsupported stream version %d.%d (this reader knows version %d)" % (major, minor, MAJOR_VERSION), 8
            )
        self.version = (major, minor)

    def frames(self):
        """Yields (frame_offset, type, flags, table_id, count, payload) for every checked frame up to END.

        Raises StreamError for damage; consumes and checks END (and no trailing data) itself.
        """
        if not self._started:
            self._read_header()
        while not self._done:
            at = self.offset
            header = self._read(FRAME_HEADER_SIZE)
            if not header:
                raise StreamError("stream ends without its end marker", at)
            if len(header) < FRAME_HEADER_SIZE:
                raise StreamError(
                    "frame cut short: header has %d of %d bytes" % (len(header), FRAME_HEADER_SIZE), at
                )
            # The reserved u16 is covered by the checksum but, as in lib/stream_reader.cc, not required to be 0.
            length, ftype, flags, _reserved, table_id, count, checksum = _FRAME_HEADER.unpack(header)
            if length > MAX_FRAME_PAYLOAD:
                raise StreamError("frame payload of %d bytes exceeds the limit of %d" % (length, MAX_FRAME_PAYLOAD), at)
            payload = self._read(length)
            if len(payload) < length:
                raise StreamError(
                    "frame cut short: payload has %d of %d bytes (frame type %d)" % (len(payload), length, ftype), at
                )
            if self.verify and _checksum(header, payload) != checksum:
                raise StreamError("checksum mismatch in frame of type %d, %d payload bytes" % (ftype, length), at)
            base = at + FRAME_HEADER_SIZE
            if ftype == FRAME_SCHEMA:
                if table_id in self.tables:
                    raise StreamError("second schema for table %d" % table_id, at)
                schema = _decode_schema(table_id, payload, base)
                self.tables[table_id] = schema
                self.counts[table_id] = 0
                yield at, ftype, flags, table_id, count, payload
            elif ftype == FRAME_BATCH:
                if table_id not in self.tables:
                    raise StreamError("batch for table %d before its schema" % table_id, at)
                self.counts[table_id] += count
                yield at, ftype, flags, table_id, count, payload
            elif ftype == FRAME_END:
                self._check_end(payload, base)
                trailing_at = self.offset
                if self._read(1):
                    raise StreamError("trailing data after the end marker", trailing_at)
                self._done = True
                if self._own is not None:
                    self._own.close()
                return
            elif ftype == FRAME_ERROR:
                r = _Payload(payload, base, "error frame")
                try:
                    message = r.string()
                    if not r.at_end():
                        raise StreamError("", base)
                except StreamError:
                    message = _decode_str(bytes(payload)) or "(empty error frame)"
                raise UpstreamError(message, at)
            elif flags & FLAG_SKIPPABLE:
                continue
            else:
                raise StreamError("unknown frame type %d (not skippable)" % ftype, at)

    def _check_end(self, payload, base):
        r = _Payload(payload, base, "end frame")
        n = r.u32()
        if len(payload) != 4 + n * _END_ENTRY.size:
            r.fail("payload of %d bytes does not hold %d table entries" % (len(payload), n))
        listed = {}
        for _ in range(n):
            entry_at = r.pos
            tid, records = r.unpack(_END_ENTRY)
            r.pos = entry_at
            if tid not in self.tables:
                r.fail("lists table %d, which has no schema" % tid)
            if tid in listed:
                r.fail("lists table %d twice" % tid)
            if records != self.counts[tid]:
                r.fail(
                    "table %d ('%s'): %d records announced, %d seen"
                    % (tid, self.tables[tid].name, records, self.counts[tid])
                )
            listed[tid] = records
            r.pos = entry_at + _END_ENTRY.size
        missing = [t for t in self.tables if t not in listed]
        if missing:
            r.fail(
                "does not list table%s %s"
                % ("s" if len(missing) > 1 else "", ", ".join("%d ('%s')" % (t, self.tables[t].name) for t in missing))
            )
        self.end_counts = listed

    # -- records ----------------------------------------------------------------------------------------------

    def batches(self):
        """Yields (TableSchema, list of value tuples in schema order) per batch frame."""
        for at, ftype, _flags, table_id, count, payload in self.frames():
            if ftype != FRAME_BATCH:
                continue
            schema = self.tables[table_id]
            if schema._decoder is None:
                schema._decoder = _make_decoder(schema)
            yield schema, schema._decoder(payload, count, at + FRAME_HEADER_SIZE)

    def rows(self):
        """Yields (TableSchema, value tuple in schema order): cheaper than dicts."""
        for schema, rows in self.batches():
            for row in rows:
                yield schema, row

    def records(self):
        """Yields (table_name, {field: value}) in stream order (a name that a schema repeats keeps its last value;
        rows() keeps them all)."""
        for schema, rows in self.batches():
            name = schema.name
            names = [f.name for f in schema.fields]
            for row in rows:
                yield name, dict(zip(names, row))

    def __iter__(self):
        return self.records()

    def close(self):
        if self._own is not None:
            self._own.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def read_stream(fileobj, verify=True):
    """Generator of (table_name, record_dict) for every record of the stream, in stream order."""
    reader = Reader(fileobj, verify=verify)
    try:
        yield from reader.records()
    finally:
        reader.close()


_NUMPY_CODES = {1: "?", 2: "i1", 3: "<i2", 4: "<i4", 5: "<i8", 6: "u1", 7: "<u2", 8: "<u4", 9: "<u8", 10: "<f4",
                11: "<f8"}


def numpy_dtype(schema):
    """The numpy structured dtype of one record of a fixed-width table (None for tables with strings/bytes).

    The null bitmap, when there is one, is the field "_null_bitmap" (uint8 array; bit j of byte j//8, LSB first,
    is set when the j-th nullable field is null); null values themselves read as zero.
    """
    import numpy as np

    if not schema.fixed_size:
        return None
    names, formats, offsets = [], [], []
    if schema.bitmap_bytes:
        bname = "_null_bitmap"
        while bname in schema.field_names():
            bname = "_" + bname
        names.append(bname)
        formats.append(("u1", (schema.bitmap_bytes,)))
        offsets.append(0)
    off = schema.bitmap_bytes
    for f, code in zip(schema.fields, schema.type_codes):
        names.append(f.name)
        formats.append(_NUMPY_CODES[code])
        offsets.append(off)
        off += _TYPES[code][2]
    return np.dtype({"names": names, "formats": formats, "offsets": offsets, "itemsize": max(off, 1)})


def read_batches_numpy(fileobj, verify=True, skip_variable=True):
    """Yields (table_name, numpy structured array) per batch of each fixed-width table (no string/bytes field).

    Needs numpy (ImportError otherwise). The whole stream is checked as by read_stream. Batches of tables with
    string or bytes fields are skipped when skip_variable is true (the default), else they raise ValueError.
    """
    import numpy as np

    reader = Reader(fileobj, verify=verify)
    dtypes = {}
    try:
        for at, ftype, _flags, table_id, count, payload in reader.frames():
            if ftype != FRAME_BATCH:
                continue
            schema = reader.tables[table_id]
            if not schema.fixed_size:
                if skip_variable:
                    continue
                raise ValueError("table '%s' has variable-width fields" % schema.name)
            if len(payload) != count * schema.record_size:
                raise StreamError(
                    "batch of table %d ('%s'): payload of %d bytes does not hold %d records of %d bytes"
                    % (table_id, schema.name, len(payload), count, schema.record_size),
                    at + FRAME_HEADER_SIZE,
                )
            dt = dtypes.get(table_id)
            if dt is None:
                dt = dtypes[table_id] = numpy_dtype(schema)
            if schema.record_size == 0:
                arr = np.zeros(count, dtype=dt)
            else:
                arr = np.frombuffer(payload, dtype=dt, count=count)
            yield schema.name, arr
    finally:
        reader.close()


# -- JSON lines output (the form of `chunk --to jsonl`) ---------------------------------------------------------

_F32 = struct.Struct("<f")


def _to_f32(x):
    try:
        return _F32.unpack(_F32.pack(x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _format_shortest(digits, e10, negative, magnitude):
    """Like std::to_chars(value) without a format: the shorter of fixed and scientific, fixed on a tie.

    value = int(digits) * 10**e10 is the shortest round-trip decimal of `magnitude` (the float's absolute value).
    Fixed notation of an integral value prints its exact digits (as printf("%.0f") does), not the zero-padded
    shortest ones: 2**60 -> 1152921504606846976.
    """
    n = len(digits)
    point = n + e10  # position of the decimal point from the start of digits
    if e10 >= 0:
        fixed = str(int(magnitude))
    elif point > 0:
        fixed = digits[:point] + "." + digits[point:]
    else:
        fixed = "0." + "0" * (-point) + digits
    sci_exp = point - 1
    sci = digits[0] + ("." + digits[1:] if n > 1 else "") + "e" + ("-" if sci_exp < 0 else "+") + "%02d" % abs(sci_exp)
    out = fixed if len(fixed) <= len(sci) else sci
    return "-" + out if negative else out


def _split_repr(r):
    """Python float repr -> (digits, e10) with value = int(digits) * 10**e10."""
    if "e" in r:
        mant, exp = r.split("e")
        e10 = int(exp)
    else:
        mant, e10 = r, 0
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    if fp == "0":
        fp = ""
    digits = (ip + fp).lstrip("0")
    e10 -= len(fp)
    if not digits:
        return "0", 0
    stripped = digits.rstrip("0")
    e10 += len(digits) - len(stripped)
    return stripped, e10


def format_f64(v):
    if v != v or v in (math.inf, -math.inf):
        return "null"
    if v == 0:
        return "-0" if math.copysign(1.0, v) < 0 else "0"
    digits, e10 = _split_repr(repr(abs(v)))
    return _format_shortest(digits, e10, v < 0, abs(v))


def format_f32(v):
    if v != v or v in (math.inf, -math.inf):
        return "null"
    if v == 0:
        return "-0" if math.copysign(1.0, v) < 0 else "0"
    a = abs(v)
    best = None
    for p in range(1, 10):
        s = "%.*e" % (p - 1, a)
        mant, exp = s.split("e")
        d0 = int(mant.replace(".", ""))
        e10 = int(exp) - (p - 1)
        for d in (d0, d0 - 1, d0 + 1):
            if d <= 0:
                continue
            cand = float("%de%d" % (d, e10))
            if _to_f32(cand) == a:
                err = abs(cand - a)
                if best is None or err < best[0]:
                    best = (err, d, e10)
        if best is not None:
            break
    if best is None:  # cannot happen: 9 significant digits always round-trip a float32
        return format_f64(v)
    _, d, e10 = best
    digits, e = _split_repr("%de%d" % (d, e10))
    return _format_shortest(digits, e, v < 0, a)


def _json_string(s):
    # " \ and controls < 0x20 escaped (\n \t \r \b \f or \u00XX); everything else raw.
    out = []
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif o < 0x20:
            out.append(_CONTROL_ESCAPES.get(ch) or "\\u%04x" % o)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_CONTROL_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = None


def _json_str_fast(s):
    global _NEEDS_ESCAPE
    if _NEEDS_ESCAPE is None:
        import re

        _NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f]')
    if _NEEDS_ESCAPE.search(s) is None:
        return '"' + s + '"'
    return _json_string(s)


def _value_formatter(code):
    if code == 1:
        return lambda v: "true" if v else "false"
    if 2 <= code <= 9:
        return str
    if code == 10:
        return format_f32
    if code == 11:
        return format_f64
    if code == 12:
        return _json_str_fast
    return lambda v: '"' + base64.b64encode(v).decode("ascii") + '"'


def json_lines(reader):
    """Yields each record of the reader as one JSON text (str, may hold surrogate escapes), no newline."""
    plans = {}
    for schema, rows in reader.batches():
        plan = plans.get(schema.id)
        if plan is None:
            plan = plans[schema.id] = [
                ("{" if i == 0 else ",") + _json_str_fast(f.name) + ":" for i, f in enumerate(schema.fields)
            ], [_value_formatter(c) for c in schema.type_codes]
        keys, fmts = plan
        idx = range(len(keys))
        for row in rows:
            parts = []
            for i in idx:
                v = row[i]
                parts.append(keys[i])
                parts.append("null" if v is None else fmts[i](v))
            yield ("".join(parts) + "}") if parts else "{}"


def _open_input(path):
    """A binary file object for path ('-' = stdin); gzip and xz input is decompressed (by magic)."""
    raw = sys.stdin.buffer if path == "-" else open(path, "rb")
    buf = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
    head = buf.peek(6)[:6]
    if head[:2] == b"\x1f\x8b":
        import gzip

        return gzip.GzipFile(fileobj=buf, mode="rb")
    if head[:6] == b"\xfd7zXZ\x00":
        import lzma

        return lzma.LZMAFile(buf, mode="rb")
    return buf


def main(argv=None):
    import argparse

    prog = "recpipe.py"
    parser = argparse.ArgumentParser(
        prog=prog, description="Print the records of a recpipe stream as JSON lines (the form of chunk --to jsonl)."
    )
    parser.add_argument("input", nargs="?", default="-", metavar="FILE", help="recpipe stream, - for stdin [-]")
    parser.add_argument("--no-verify", action="store_true", help="do not check the frame checksums")
    args = parser.parse_args(argv)
    name = "stdin" if args.input == "-" else args.input
    out = sys.stdout.buffer
    pending = []
    try:
        f = _open_input(args.input)
        reader = Reader(f, verify=not args.no_verify)
        pending = []
        for line in json_lines(reader):
            pending.append(line.encode("utf-8", "surrogateescape"))
            if len(pending) >= 1024:
                pending.append(b"")
                out.write(b"\n".join(pending))
                pending = []
        if pending:
            pending.append(b"")
            out.write(b"\n".join(pending))
        out.flush()
    except BrokenPipeError:
        # The reader of our output went away (| head): stop quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return 0
    except UpstreamError as e:
        _flush_quietly(out, pending)
        sys.stderr.write("%s: error: upstream failed: %s\n" % (prog, e))
        return 1
    except StreamError as e:
        _flush_quietly(out, pending)
        sys.stderr.write("%s: error: %s: %s\n" % (prog, name, e))
        return 1
    except (OSError, EOFError) as e:
        # I/O failure or a damaged gzip/xz wrapper.
        sys.stderr.write("%s: error: %s: %s\n" % (prog, name, getattr(e, "strerror", None) or e))
        return 1
    except Exception as e:  # lzma.LZMAError, zlib.error and the like
        if type(e).__module__ in ("lzma", "zlib", "_lzma", "gzip"):
            sys.stderr.write("%s: error: %s: %s\n" % (prog, name, e))
            return 1
        raise
    return 0


def _flush_quietly(out, pending):
    """Writes the records decoded before an error, as a streaming reader would have."""
    try:
        if pending:
            pending.append(b"")
            out.write(b"\n".join(pending))
        out.flush()
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
