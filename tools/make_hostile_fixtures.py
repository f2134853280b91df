#!/usr/bin/env python3
"""Generates the io test fixtures: valid .npy/.safetensors files of every dtype (test/fixtures/io/)
and the hostile corpus (test/fixtures/hostile/) with its manifest expected.json.

Run from the repository root:  /usr/bin/python3 tools/make_hostile_fixtures.py
Needs numpy only (safetensors files are written by hand: the format is tiny).
"""
import json
import math
import os
import struct

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IO = os.path.join(ROOT, 'test', 'fixtures', 'io')
HOSTILE = os.path.join(ROOT, 'test', 'fixtures', 'hostile')
os.makedirs(IO, exist_ok=True)
os.makedirs(HOSTILE, exist_ok=True)

rng = np.random.default_rng(1234)


def tolist64(a):
    """Values as float64 (NaN/Inf as strings so the manifest stays strict JSON)."""
    out = []
    for v in np.asarray(a, dtype=np.float64).ravel().tolist():
        if math.isnan(v):
            out.append('NaN')
        elif math.isinf(v):
            out.append('Infinity' if v > 0 else '-Infinity')
        else:
            out.append(v)
    return out


def write_safetensors(path, tensors, header_override=None, data_override=None, metadata=None):
    """tensors: list of (name, st_dtype, ndarray). Returns nothing."""
    header = {}
    blobs = []
    off = 0
    for name, st_dtype, arr in tensors:
        raw = np.ascontiguousarray(arr).tobytes()
        header[name] = {'dtype': st_dtype, 'shape': list(arr.shape), 'data_offsets': [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    if metadata is not None:
        header['__metadata__'] = metadata
    if header_override is not None:
        header = header_override(header)
    hb = json.dumps(header).encode('utf-8')
    hb += b' ' * ((8 - len(hb) % 8) % 8)
    data = b''.join(blobs) if data_override is None else data_override
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(hb)))
        f.write(hb)
        f.write(data)


# ---------------------------------------------------------------------------------------------
# valid formats
expected = {}

arrays = {
    'float16': (rng.standard_normal((3, 4)) * 100).astype(np.float16),
    'float32': rng.standard_normal((2, 3, 4)).astype(np.float32),
    'float64': rng.standard_normal((5,)).astype(np.float64),
    'int8': rng.integers(-128, 128, size=(4, 2)).astype(np.int8),
    'int16': rng.integers(-32768, 32768, size=(3,)).astype(np.int16),
    'int32': rng.integers(-2**31, 2**31, size=(2, 2)).astype(np.int32),
    'int64': np.array([0, 1, -1, 2**40 + 3, -(2**52) - 7, 123456789012], dtype=np.int64),
    'uint8': rng.integers(0, 256, size=(6,)).astype(np.uint8),
    'bool': np.array([[True, False, True], [False, False, True]]),
}
# special values
arrays['float16'][0, 0] = np.float16(6.1e-5)  # subnormal neighbourhood
arrays['float16'][0, 1] = np.float16(5.96e-8)  # smallest subnormal
arrays['float16'][0, 2] = np.inf
arrays['float16'][0, 3] = np.nan
arrays['float32'][0, 0, 0] = np.nan
arrays['float32'][0, 0, 1] = -np.inf

for name, a in arrays.items():
    np.save(os.path.join(IO, f'{name}.npy'), a)
    expected[f'{name}.npy'] = {'dtype': name, 'shape': list(a.shape), 'values': tolist64(a)}

scalar = np.array(2.5, dtype=np.float64)
np.save(os.path.join(IO, 'scalar.npy'), scalar)
expected['scalar.npy'] = {'dtype': 'float64', 'shape': [], 'values': [2.5]}
empty = np.zeros((0, 3), dtype=np.float32)
np.save(os.path.join(IO, 'empty.npy'), empty)
expected['empty.npy'] = {'dtype': 'float32', 'shape': [0, 3], 'values': []}

# format versions 2.0 and 3.0 written by numpy's own writer
from numpy.lib import format as npfmt  # noqa: E402

for ver in [(2, 0), (3, 0)]:
    a = rng.standard_normal((2, 3)).astype(np.float32)
    fn = f'v{ver[0]}.npy'
    with open(os.path.join(IO, fn), 'wb') as f:
        npfmt.write_array(f, a, version=ver)
    expected[fn] = {'dtype': 'float32', 'shape': [2, 3], 'values': tolist64(a)}

# a single-byte big-endian descriptor is fine ('|u1' vs '>u1'): numpy writes '|u1'; write '>i1' by hand
# (bigger items big-endian are rejected, see hostile corpus)

# safetensors with every dtype
st_list = []
st_map = {
    'float16': 'F16', 'float32': 'F32', 'float64': 'F64', 'int8': 'I8', 'int16': 'I16', 'int32': 'I32',
    'int64': 'I64', 'uint8': 'U8', 'bool': 'BOOL',
}
for name, a in arrays.items():
    st_list.append((f't_{name}', st_map[name], a))
# bfloat16: upper halves of float32 bit patterns
bf_src = np.array([1.0, -2.5, 3.140625, 1e-40, 65504.0, np.inf, -0.0, 1.0e38], dtype=np.float32)
bf_bits = (bf_src.view(np.uint32) >> 16).astype(np.uint16)
bf_vals = (bf_bits.astype(np.uint32) << 16).view(np.float32)
st_list.append(('t_bfloat16', 'BF16', bf_bits))
write_safetensors(os.path.join(IO, 'all.safetensors'), st_list, metadata={'format': 'pt'})
st_expected = {}
for name, st, a in st_list:
    if st == 'BF16':
        st_expected[name] = {'dtype': 'bfloat16', 'shape': list(a.shape), 'values': tolist64(bf_vals)}
    else:
        st_expected[name] = {'dtype': name[2:], 'shape': list(a.shape), 'values': tolist64(a)}
expected['all.safetensors'] = st_expected
write_safetensors(os.path.join(IO, 'single.safetensors'), [('logits', 'F32', arrays['float32'])])

# a case using side files
np.save(os.path.join(IO, 'logits.npy'), rng.standard_normal((4, 3)).astype(np.float32))
write_safetensors(os.path.join(IO, 'targets.safetensors'), [('labels', 'I64', np.array([0, 2, 1, 2], dtype=np.int64)),
                                                            ('weights', 'F32', np.array([1.0, 2.0, 0.5], dtype=np.float32))])
with open(os.path.join(IO, 'side.losscase.json'), 'w') as f:
    json.dump({'loss': {'type': 'CrossEntropyLoss', 'weight': {'safetensors': 'targets.safetensors', 'name': 'weights'}},
               'input': {'npy': 'logits.npy'},
               'target': {'safetensors': 'targets.safetensors', 'name': 'labels'}}, f, indent=2)

with open(os.path.join(IO, 'expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
    f.write('\n')

# ---------------------------------------------------------------------------------------------
# hostile corpus: file -> expected message fragment
manifest = {}


def text(name, content, fragment):
    with open(os.path.join(HOSTILE, name), 'w', encoding='utf-8') as f:
        f.write(content)
    manifest[name] = fragment


def binary(name, content, fragment):
    with open(os.path.join(HOSTILE, name), 'wb') as f:
        f.write(content)
    manifest[name] = fragment


good = '{\n  "loss": "CrossEntropyLoss",\n  "input": [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]],\n  "target": [0, 1]\n}\n'
text('truncated.json', good[:60], 'unexpected end of file: the file looks truncated')
text('ragged.json', '{"loss": "MSELoss", "input": [[1.0, 2.0, 3.0], [4.0, 5.0]], "target": [[1, 2, 3], [4, 5, 6]]}',
     'input[1]: ragged array: row has 2 values, row 0 had 3')
text('ragged-depth.json', '{"loss": "MSELoss", "input": [[1.0, 2.0], 3.0], "target": [1, 2]}',
     'input[1]: expected an array but found the number 3.0')
text('string-in-tensor.json', '{"loss": "MSELoss",\n "input": [[1.0, 2.0], [3.0, "abc"]],\n "target": [[1, 2], [3, 4]]}',
     'string-in-tensor.json:2:30: input[1][1]: expected a number, found a string "abc"')
text('null-in-tensor.json', '{"loss": "MSELoss", "input": [1.0, null], "target": [1, 2]}', 'input[1]: expected a number, found null')
text('overflow.json', '{"loss": "MSELoss", "input": [[0.5, 1.0, 1e400]], "target": [[0, 0, 0]]}',
     'input[0][2]: 1e400 does not fit in float64')
text('unknown-loss.json', '{"loss": "crossentropyloss", "input": [[1.0, 2.0]], "target": [0]}',
     "unknown loss type 'crossentropyloss' (did you mean 'CrossEntropyLoss'?)")
text('unknown-loss-typo.json', '{"loss": {"type": "CrossEntropyLos"}, "input": [[1.0, 2.0]], "target": [0]}',
     "loss.type: unknown loss type 'CrossEntropyLos' (did you mean 'CrossEntropyLoss'?)")
text('unknown-arg.json', '{"loss": {"type": "CrossEntropyLoss", "ignore_idx": 0}, "input": [[1.0, 2.0]], "target": [0]}',
     "loss.ignore_idx: CrossEntropyLoss has no argument 'ignore_idx' (did you mean 'ignore_index'?)")
text('deprecated-arg.json', '{"loss": {"type": "MSELoss", "size_average": false}, "input": [1.0], "target": [0.0]}',
     "loss.size_average: 'size_average' is deprecated")
text('bad-label-smoothing.json', '{"loss": {"type": "CrossEntropyLoss", "label_smoothing": 1.5}, "input": [[1.0, 2.0]], "target": [0]}',
     'loss.label_smoothing: label_smoothing must be in [0, 1], found 1.5')
text('bad-delta.json', '{"loss": {"type": "HuberLoss", "delta": -1}, "input": [1.0], "target": [0.0]}',
     'loss.delta: delta must be > 0, found -1')
text('bad-reduction.json', '{"loss": {"type": "MSELoss", "reduction": "avg"}, "input": [1.0], "target": [0.0]}',
     "loss.reduction: reduction must be one of 'none', 'mean', 'sum'")
text('batchmean-not-kl.json', '{"loss": {"type": "CrossEntropyLoss", "reduction": "batchmean"}, "input": [[1.0, 2.0]], "target": [0]}',
     "reduction 'batchmean' is only for KLDivLoss")
text('bad-ignore-index.json', '{"loss": {"type": "NLLLoss", "ignore_index": 0.5}, "input": [[1.0, 2.0]], "target": [0]}',
     'loss.ignore_index: ignore_index must be an integer, found the number 0.5')
text('shape-data-mismatch.json', '{"loss": "MSELoss", "input": {"shape": [2, 3], "data": [1, 2, 3, 4, 5]}, "target": [0]}',
     'input: shape (2, 3) holds 6 values but "data" has 5')
text('negative-shape.json', '{"loss": "MSELoss", "input": {"shape": [2, -3], "data": []}, "target": [0]}',
     'input.shape[1]: dimension -3 is negative')
text('gigantic-shape.json', '{"loss": "MSELoss", "input": {"shape": [1e12, 1e12], "data": []}, "target": [0]}',
     'input.shape: shape (1000000000000, 1000000000000) holds more than 2^53 values')
text('huge-shape.json', '{"loss": "MSELoss", "input": {"shape": [100000, 100000], "data": []}, "target": [0]}',
     'more than the 2147483647 a tensor may have')
text('float-class-targets.json', '{"loss": "CrossEntropyLoss", "input": [[1.0, 2.0, 3.0], [0.1, 0.2, 0.3]], "target": [0.0, 1.5]}',
     'target[1] is 1.5, but CrossEntropyLoss class targets must be integer class indices')
text('weight-wrong-length.json', '{"loss": {"type": "CrossEntropyLoss", "weight": [1.0, 2.0]}, "input": [[1.0, 2.0, 3.0]], "target": [0]}',
     'loss.weight: weight has shape (2,) but the input has C = 3 classes (input.shape[1])')
text('pos-weight-not-broadcastable.json',
     '{"loss": {"type": "BCEWithLogitsLoss", "pos_weight": [1.0, 2.0]}, "input": [[0.1, 0.2, 0.3]], "target": [[0.0, 1.0, 1.0]]}',
     "loss.pos_weight: pos_weight of shape (2,) does not broadcast to the input's shape (1, 3)")
text('missing-target.json', '{"loss": "MSELoss", "input": [1.0]}', 'missing "target"')
text('missing-loss.json', '{"input": [1.0], "target": [1.0]}', 'missing "loss"')
text('non-object-root.json', '[1, 2, 3]', 'a loss case must be a JSON object, found an array')
text('empty.json', '', 'the file is empty')
text('bad-history.json', '{"loss": "MSELoss", "input": [1.0], "target": [1.0], "history": {"train": [1.0, "x"]}}',
     'history.train[1]: expected a number, found a string "x"')
text('bad-meta.json', '{"loss": "MSELoss", "input": [1.0], "target": [1.0], "meta": {"pad_token_id": "0"}}',
     'meta.pad_token_id: pad_token_id must be an integer, found a string "0"')
text('trailing-comma.json', '{"loss": "MSELoss", "input": [1.0, 2.0,], "target": [1.0, 2.0]}', "input[2]: expected a number, found ']'")
text('single-quotes.json', "{'loss': 'MSELoss'}", 'expected a key in double quotes but found a character that cannot start a JSON value')
text('garbage-after.json', '{"loss": "MSELoss", "input": [1.0], "target": [1.0]} extra', 'after the end of the JSON value')
text('missing-side-file.json', '{"loss": "MSELoss", "input": {"npy": "does-not-exist.npy"}, "target": [1.0]}',
     '.npy file not found: ')
text('deep-nesting.json', '{"loss": "MSELoss", "input": [1.0], "target": [1.0], "meta": {"x": ' + '[' * 200000 + ']' * 200000 + '}}',
     'nesting deeper than 1000 levels')
text('deep-tensor.json', '{"loss": "MSELoss", "input": ' + '[' * 100 + '1.0' + ']' * 100 + ', "target": [1.0]}',
     'array nests more than 64 levels deep')

# binary: a .npy given as the case file
npy_bytes = open(os.path.join(IO, 'float32.npy'), 'rb').read()
binary('npy-as-case.json', npy_bytes, 'file is not JSON text: it starts with bytes 0x93 0x4E 0x55')


def npy_with_header(header_text, data, version=1):
    h = header_text.encode('latin1')
    pad = (64 - (10 + len(h) + 1) % 64) % 64
    h = h + b' ' * pad + b'\n'
    if version == 1:
        return b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h + data
    return b'\x93NUMPY' + bytes([version, 0]) + struct.pack('<I', len(h)) + h + data


def side_case(name, side, fragment, key='input', extra=''):
    text(name, '{"loss": "MSELoss", "%s": %s, "target": [1.0]%s}' % (key, side, extra), fragment)


# lying npy header: claims (1000, 1000) float32 but has 16 bytes
binary('lying-header.npy', npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }", b'\0' * 16),
       'header says shape (1000, 1000) of float32 (4000000 bytes of data) but the file has only 16 bytes after the header')
side_case('npy-lying-header.json', '{"npy": "lying-header.npy"}', 'but the file has only 16 bytes after the header')
binary('gigantic-header.npy', npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1000000000000), }", b'\0' * 8),
       'of float64')
binary('bad-magic.npy', b'\x93NUMPZ\x01\x00' + npy_bytes[8:], 'not a .npy file: it does not start with the .npy signature')
side_case('npy-bad-magic.json', '{"npy": "bad-magic.npy"}', 'not a .npy file: it does not start with the .npy signature')
binary('header-past-eof.npy', b'\x93NUMPY\x01\x00' + struct.pack('<H', 5000) + b"{'descr': '<f4'", '.npy header length runs past the end of the file')
binary('big-endian.npy', npy_with_header("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", b'\0' * 8), 'big-endian')
binary('fortran.npy', npy_with_header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", b'\0' * 16), 'Fortran order')
binary('object.npy', npy_with_header("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", b'\0' * 16), "dtype '|O' (object) is not supported")
binary('structured.npy', npy_with_header("{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }", b'\0' * 16),
       'structured (record) dtypes are not supported')
binary('negative-shape.npy', npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 4), }", b'\0' * 16),
       'dimension that is not a non-negative integer')
binary('trailing-bytes.npy', npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", b'\0' * 12),
       '4 bytes more than its header')

# safetensors
write_safetensors(os.path.join(HOSTILE, 'lying-offsets.safetensors'), [('x', 'F32', np.zeros(4, np.float32))],
                  header_override=lambda h: {'x': {'dtype': 'F32', 'shape': [1000], 'data_offsets': [0, 4000]}})
manifest['lying-offsets.safetensors'] = "tensor #1 of the header has data_offsets past the end of the data (16 bytes)"
write_safetensors(os.path.join(HOSTILE, 'offsets-mismatch.safetensors'), [('x', 'F32', np.zeros(4, np.float32))],
                  header_override=lambda h: {'x': {'dtype': 'F32', 'shape': [3], 'data_offsets': [0, 16]}})
manifest['offsets-mismatch.safetensors'] = "tensor #1 of the header has a shape and dtype that need 12 bytes but its data_offsets span 16"
write_safetensors(os.path.join(HOSTILE, 'overlap.safetensors'), [('a', 'F32', np.zeros(2, np.float32)), ('b', 'F32', np.zeros(2, np.float32))],
                  header_override=lambda h: {'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]},
                                             'b': {'dtype': 'F32', 'shape': [2], 'data_offsets': [4, 12]}})
manifest['overlap.safetensors'] = "have overlapping data_offsets"
binary('header-past-eof.safetensors', struct.pack('<Q', 10**12) + b'{}', 'header length runs past the end of the file')
write_safetensors(os.path.join(HOSTILE, 'bad-dtype.safetensors'), [('x', 'F32', np.zeros(2, np.float32))],
                  header_override=lambda h: {'x': {'dtype': 'C64', 'shape': [1], 'data_offsets': [0, 8]}})
manifest['bad-dtype.safetensors'] = "has dtype C64, which is not supported"
write_safetensors(os.path.join(HOSTILE, 'names.safetensors'), [('logits', 'F32', np.zeros(2, np.float32)),
                                                               ('labels', 'I64', np.zeros(2, np.int64))])
manifest['names.safetensors'] = None  # valid; used by the missing-name case below
side_case('safetensors-missing-name.json', '{"safetensors": "names.safetensors", "name": "logit"}',
          "no tensor named 'logit' in the .safetensors file (did you mean 'logits'?) (tensors in the file: logits, labels)")
side_case('safetensors-lying.json', '{"safetensors": "lying-offsets.safetensors", "name": "x"}', 'past the end of the data')
side_case('safetensors-no-name.json', '{"safetensors": "names.safetensors"}', 'holds 2 tensors; say which one with "name"')

manifest = {k: v for k, v in manifest.items() if v is not None}
with open(os.path.join(HOSTILE, 'expected.json'), 'w') as f:
    json.dump(dict(sorted(manifest.items())), f, indent=1)
    f.write('\n')
print(f'wrote {len(expected)} io fixtures and {len(manifest)} hostile cases')
