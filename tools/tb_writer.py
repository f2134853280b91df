"""A small TensorBoard event-file writer that follows the record format, written independently of
the TypeScript reader (its own CRC32C, its own protobuf encoding), so fixtures test the reader
against the format rather than against itself.

Record:  uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)
Event:   wall_time=1 (double), step=2 (int64), file_version=3 (string), summary=5 (Summary)
Summary: value=1 (repeated Value)
Value:   tag=1, simple_value=2 (float), tensor=8 (TensorProto), metadata=9 (SummaryMetadata)

Two scalar styles: `simple` (PyTorch's SummaryWriter.add_scalar) and `tensor` (TF2 / Keras:
a scalar DT_FLOAT tensor with `tensor_content` bytes and plugin `scalars` metadata).
"""
import struct
import time

_POLY = 0x82F63B78
_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE.append(_c)


def crc32c(data: bytes) -> int:
    c = 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283  # the standard check value


def masked_crc(data: bytes) -> int:
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def record(data: bytes) -> bytes:
    head = struct.pack("<Q", len(data))
    return head + struct.pack("<I", masked_crc(head)) + data + struct.pack("<I", masked_crc(data))


# --- protobuf wire format --------------------------------------------------------------------
def varint(n: int) -> bytes:
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field: int, wire: int) -> bytes:
    return varint((field << 3) | wire)


def f_varint(field: int, n: int) -> bytes:
    return key(field, 0) + varint(n)


def f_double(field: int, x: float) -> bytes:
    return key(field, 1) + struct.pack("<d", x)


def f_float(field: int, x: float) -> bytes:
    return key(field, 5) + struct.pack("<f", x)


def f_bytes(field: int, b: bytes) -> bytes:
    return key(field, 2) + varint(len(b)) + b


def event(wall_time: float, step: int = 0, file_version: str = None, summary: bytes = None, graph_def: bytes = None) -> bytes:
    out = f_double(1, wall_time)
    if step:
        out += f_varint(2, step)
    if file_version is not None:
        out += f_bytes(3, file_version.encode())
    if graph_def is not None:
        out += f_bytes(4, graph_def)
    if summary is not None:
        out += f_bytes(5, summary)
    return out


def scalar_value(tag: str, x: float, style: str) -> bytes:
    if style == "simple":
        return f_bytes(1, tag.encode()) + f_float(2, x)
    # TF2: TensorProto{dtype=DT_FLOAT(1), tensor_shape={}, tensor_content=<4 bytes>} + plugin 'scalars'
    tensor = f_varint(1, 1) + f_bytes(2, b"") + f_bytes(4, struct.pack("<f", x))
    metadata = f_bytes(1, f_bytes(1, b"scalars"))
    return f_bytes(1, tag.encode()) + f_bytes(9, metadata) + f_bytes(8, tensor)


def histogram_tensor_value(tag: str, rows: int) -> bytes:
    """A TF2 histogram summary: a [rows, 3] double tensor with plugin 'histograms' (to be skipped)."""
    shape = f_bytes(2, f_varint(1, rows)) + f_bytes(2, f_varint(1, 3))
    tensor = f_varint(1, 2) + f_bytes(2, shape) + f_bytes(4, struct.pack("<%dd" % (rows * 3), *([0.5] * rows * 3)))
    metadata = f_bytes(1, f_bytes(1, b"histograms"))
    return f_bytes(1, tag.encode()) + f_bytes(9, metadata) + f_bytes(8, tensor)


class EventWriter:
    """Collects records in memory; `bytes()` is the event file."""

    def __init__(self, wall_time: float = None):
        self.t = time.time() if wall_time is None else wall_time
        self.records = [record(event(self.t, file_version="brain.Event:2"))]

    def scalar(self, tag: str, x: float, step: int, style: str = "simple", wall_time: float = None):
        summary = f_bytes(1, scalar_value(tag, x, style))
        self.records.append(record(event(wall_time or self.t + step * 0.01, step, summary=summary)))

    def raw_value(self, value: bytes, step: int):
        self.records.append(record(event(self.t + step * 0.01, step, summary=f_bytes(1, value))))

    def graph(self, nbytes: int):
        self.records.append(record(event(self.t, graph_def=b"\x0a" + bytes(nbytes - 1))))

    def bytes(self) -> bytes:
        return b"".join(self.records)
