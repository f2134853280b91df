"""Binary ``.npy`` writing straight from a tensor's memory (numpy optional, no intermediate copies)."""

from __future__ import annotations

import ctypes
import struct
import sys
import warnings
from typing import Any, BinaryIO, Optional, Tuple

# torch dtype name -> (npy descr, case dtype name)
FLOAT_DTYPES = {
    "torch.float64": ("<f8", "float64"),
    "torch.float32": ("<f4", "float32"),
    "torch.float16": ("<f2", "float16"),
    # numpy has no bfloat16: widened to float32 (exact) and noted in the case's meta.
    "torch.bfloat16": ("<f4", "bfloat16"),
}
INT_DTYPES = {
    "torch.int64": ("<i8", "int64"),
    "torch.int32": ("<i4", "int32"),
    "torch.int16": ("<i2", "int16"),
    "torch.int8": ("|i1", "int8"),
    "torch.uint8": ("|u1", "uint8"),
    "torch.bool": ("|b1", "bool"),
}

#: The Loss Debugger's default per-file size limit (``--max-file-size``, ``lossDebugger.maxFileSizeMB``).
TOOL_FILE_LIMIT = 512 * 1024 * 1024

# Bytes written per chunk (bounds the temporary copy made on big-endian hosts).
_CHUNK = 16 * 1024 * 1024


def dtype_info(t: Any) -> Tuple[str, str]:
    """(npy descr, case dtype name) of a tensor, or TypeError for dtypes the tool does not read."""
    key = str(t.dtype)
    if key in FLOAT_DTYPES:
        return FLOAT_DTYPES[key]
    if key in INT_DTYPES:
        return INT_DTYPES[key]
    raise TypeError(f"unsupported tensor dtype {t.dtype} (use a float, integer or bool tensor)")


def cpu_contiguous(t: Any) -> Any:
    """Detached, on the CPU, C-contiguous (copies only when the tensor is not already so)."""
    t = t.detach()
    if t.device.type != "cpu":
        t = t.cpu()
    return t.contiguous()


def npy_header(descr: str, shape: Tuple[int, ...]) -> bytes:
    """A version 1.0 ``.npy`` header, padded so that the data starts at a multiple of 64 bytes."""
    shape_txt = "(" + "".join(f"{d}, " for d in shape)[:-2] + (",)" if len(shape) == 1 else ")")
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_txt)
    pad = (64 - (10 + len(header) + 1) % 64) % 64
    text = (header + " " * pad + "\n").encode("latin1")
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text


def _tensor_memory(t: Any) -> memoryview:
    """A read-only byte view of a CPU, contiguous tensor's data (no copy; keep ``t`` alive while used)."""
    nbytes = t.numel() * t.element_size()
    if nbytes == 0:
        return memoryview(b"")
    buf = (ctypes.c_char * nbytes).from_address(t.data_ptr())
    return memoryview(buf).cast("B").toreadonly()


def write_tensor_data(f: BinaryIO, t: Any) -> int:
    """Write the tensor's elements (little-endian, C order) to ``f``; return the byte count.

    Written from the tensor's own memory in chunks: no ``tobytes()`` copy and no Python lists, with or
    without numpy. Big-endian hosts byte-swap one chunk at a time.
    """
    mem = _tensor_memory(t)
    size = t.element_size()
    swap = sys.byteorder == "big" and size > 1
    for start in range(0, len(mem), _CHUNK):
        chunk = mem[start:start + _CHUNK]
        if swap:
            b = bytearray(chunk)
            for i in range(size // 2):  # reverse each element's bytes
                a, z = b[i::size], b[size - 1 - i::size]
                b[i::size], b[size - 1 - i::size] = z, a
            f.write(b)
        else:
            f.write(chunk)
    return len(mem)


def write_npy(path: str, t: Any, *, overwrite: bool = True, warn_limit: Optional[int] = None) -> int:
    """Write a tensor as a little-endian, C-order ``.npy`` file (bfloat16 as float32); return its size.

    Needs no numpy. With ``overwrite=False`` an existing file raises ``FileExistsError``. A file larger
    than ``warn_limit`` bytes (the tool's default 512 MB limit) gets a warning naming the option to raise.
    """
    limit = TOOL_FILE_LIMIT if warn_limit is None else warn_limit
    t = cpu_contiguous(t)
    descr, _ = dtype_info(t)
    if str(t.dtype) == "torch.bfloat16":
        t = t.float()  # exact widening; .npy has no bfloat16
    header = npy_header(descr, tuple(int(d) for d in t.shape))
    mode = "wb" if overwrite else "xb"
    try:
        f = open(path, mode)
    except FileExistsError:
        raise FileExistsError(
            f"{path} already exists; pass overwrite=True to replace it, or choose another path"
        ) from None
    with f:
        f.write(header)
        n = len(header) + write_tensor_data(f, t)
    if n > limit:
        warnings.warn(
            f"{path} is {n / 2**20:.0f} MB, over Loss Debugger's default {limit / 2**20:.0f} MB file limit: "
            f"open it with `lossdbg inspect --max-file-size {int(n / 2**20) + 1}` (or the lossDebugger.maxFileSizeMB "
            f"setting), or dump fewer rows",
            stacklevel=3,
        )
    return n
