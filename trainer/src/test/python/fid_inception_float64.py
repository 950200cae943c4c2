#!/usr/bin/env python3
"""pytorch-fid's pool3 features computed in float64, the yardstick for FidInceptionTest.

pytorch-fid runs in float32, and the fixture's random Inception amplifies rounding so much that its own features
sit up to 3.6e-4 away from the exact result on imgs_b. A port that rounds differently (ONNX Runtime's MLAS
instead of torch's oneDNN) can therefore not land within 1e-4 of them, however right it is. This script gives the
exact features instead: the same network and preprocessing (testdata/official/README.md, the FID set), every
operation after the resize in float64. The resize stays in float32 because pytorch-fid resizes the float32 image
and that rounding is part of its definition.

Needs only numpy (no torch, no PIL). Usage, from the project root:
    python3 trainer/src/test/python/fid_inception_float64.py testdata/official/fid \
        trainer/src/test/resources/dev/fpa/trainer/export/fid-float64.npz
It writes feats_a and feats_b, (48, 2048), in the fixture's file order, stored as float32: that rounding (at most
2.4e-6 on the largest feature, 41.4) is far below the bound the test applies.
"""
import collections
import gzip
import json
import pickle
import struct
import sys
import zlib

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view as windows


def load_legacy_state_dict(path):
    """The legacy (pre-zip) torch.save format: magic, version, sys_info, the dict pickle, the storage keys, the data."""
    with (gzip.open(path, 'rb') if path.endswith('.gz') else open(path, 'rb')) as f:
        for _ in range(3):
            pickle.load(f)
        storage_types = {}

        class Unpickler(pickle.Unpickler):
            def find_class(self, module, name):
                if name == '_rebuild_tensor_v2':
                    return lambda storage, offset, size, stride, *rest: (storage, offset, tuple(size))
                if name in ('FloatStorage', 'LongStorage'):
                    return name
                if name == 'OrderedDict':
                    return collections.OrderedDict
                raise pickle.UnpicklingError('unexpected class %s.%s' % (module, name))

            def persistent_load(self, pid):
                storage_types[pid[2]] = pid[1]
                return pid[2]

        tensors = Unpickler(f).load()
        storages = {}
        for key in pickle.load(f):
            dtype = np.dtype('<f4') if storage_types[key] == 'FloatStorage' else np.dtype('<i8')
            count = struct.unpack('<q', f.read(8))[0]
            storages[key] = np.frombuffer(f.read(count * dtype.itemsize), dtype=dtype)
    return {name: storages[key][offset:offset + int(np.prod(size))].reshape(size)
            for name, (key, offset, size) in tensors.items()}


def read_png_rgb(path):
    """PIL's open(p).convert('RGB') for the fixture's non-interlaced 8-bit L/RGB/RGBA and 1-8-bit palette PNGs."""
    data = open(path, 'rb').read()
    pos, idat, palette = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            assert interlace == 0
        elif kind == b'PLTE':
            palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    samples = {0: 1, 2: 3, 3: 1, 6: 4}[colour]
    row_bytes = (width * samples * depth + 7) // 8
    step = max(1, samples * depth // 8)
    raw = zlib.decompress(idat)
    rows, previous = [], np.zeros(row_bytes, np.int64)
    for y in range(height):
        start = y * (row_bytes + 1)
        kind, line = raw[start], np.frombuffer(raw[start + 1:start + 1 + row_bytes], np.uint8).astype(np.int64)
        out = np.zeros(row_bytes, np.int64)
        for i in range(row_bytes):
            left = out[i - step] if i >= step else 0
            up, corner = previous[i], (previous[i - step] if i >= step else 0)
            if kind == 0:
                predictor = 0
            elif kind == 1:
                predictor = left
            elif kind == 2:
                predictor = up
            elif kind == 3:
                predictor = (left + up) // 2
            else:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
            out[i] = (line[i] + predictor) & 0xFF
        rows.append(out)
        previous = out
    packed = np.array(rows, np.uint8)
    if depth < 8:
        bits = np.unpackbits(packed, axis=1).reshape(height, -1, depth)
        packed = (bits * (1 << np.arange(depth - 1, -1, -1))).sum(axis=2)[:, :width].astype(np.uint8)
    pixels = packed.reshape(height, width, samples)
    if colour == 3:
        rgb = palette[pixels[..., 0]]
    elif colour == 0:
        rgb = np.repeat(pixels, 3, axis=2)
    else:
        rgb = pixels[..., :3]
    return rgb.transpose(2, 0, 1).astype(np.float32) / np.float32(255)


def resize_299(x):
    """F.interpolate(bilinear, align_corners=False) in float32, with torch's index and weight arithmetic."""
    def axis(size):
        scale = np.float32(size) / np.float32(299)
        source = np.maximum(scale * (np.arange(299, dtype=np.float32) + np.float32(0.5)) - np.float32(0.5),
                            np.float32(0))
        low = source.astype(np.int64)
        return low, np.where(low < size - 1, low + 1, low), (source - low.astype(np.float32)).astype(np.float32)
    top, bottom, wy = axis(x.shape[1])
    left, right, wx = axis(x.shape[2])
    one = np.float32(1)
    upper = x[:, top][:, :, left] * (one - wx) + x[:, top][:, :, right] * wx
    lower = x[:, bottom][:, :, left] * (one - wx) + x[:, bottom][:, :, right] * wx
    return upper * (one - wy)[:, None] + lower * wy[:, None]


class Inception:
    def __init__(self, weights):
        self.w = {k: v.astype(np.float64) for k, v in weights.items() if v.dtype == np.float32}

    def conv(self, x, name, stride=1, pad=(0, 0)):
        w = self.w[name + '.conv.weight']
        gamma, beta, mean, var = (self.w[name + '.bn.' + k] for k in ('weight', 'bias', 'running_mean', 'running_var'))
        x = np.pad(x, ((0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
        patches = windows(x, w.shape[2:], axis=(1, 2))[:, ::stride, ::stride]
        y = np.einsum('chwij,ocij->ohw', patches, w, optimize=True)
        y = (y - mean[:, None, None]) / np.sqrt(var + 0.001)[:, None, None] * gamma[:, None, None] + beta[:, None, None]
        return np.maximum(y, 0)

    @staticmethod
    def max_pool(x, stride=2, pad=0):
        x = np.pad(x, ((0, 0), (pad, pad), (pad, pad)), constant_values=-np.inf)
        return windows(x, (3, 3), axis=(1, 2))[:, ::stride, ::stride].max(axis=(3, 4))

    @staticmethod
    def avg_pool_without_padding(x):
        total = windows(np.pad(x, ((0, 0), (1, 1), (1, 1))), (3, 3), axis=(1, 2)).sum(axis=(3, 4))
        count = windows(np.pad(np.ones(x.shape[1:]), 1), (3, 3)).sum(axis=(2, 3))
        return total / count

    def chain(self, x, prefix, *layers):
        for name, kwargs in layers:
            x = self.conv(x, prefix + name, **kwargs)
        return x

    def block_a(self, x, n):
        return np.concatenate([
            self.conv(x, n + '.branch1x1'),
            self.chain(x, n + '.', ('branch5x5_1', {}), ('branch5x5_2', {'pad': (2, 2)})),
            self.chain(x, n + '.', ('branch3x3dbl_1', {}), ('branch3x3dbl_2', {'pad': (1, 1)}),
                       ('branch3x3dbl_3', {'pad': (1, 1)})),
            self.conv(self.avg_pool_without_padding(x), n + '.branch_pool')])

    def block_b(self, x, n):
        return np.concatenate([
            self.conv(x, n + '.branch3x3', stride=2),
            self.chain(x, n + '.', ('branch3x3dbl_1', {}), ('branch3x3dbl_2', {'pad': (1, 1)}),
                       ('branch3x3dbl_3', {'stride': 2})),
            self.max_pool(x)])

    def block_c(self, x, n):
        wide, tall = {'pad': (0, 3)}, {'pad': (3, 0)}
        return np.concatenate([
            self.conv(x, n + '.branch1x1'),
            self.chain(x, n + '.', ('branch7x7_1', {}), ('branch7x7_2', wide), ('branch7x7_3', tall)),
            self.chain(x, n + '.', ('branch7x7dbl_1', {}), ('branch7x7dbl_2', tall), ('branch7x7dbl_3', wide),
                       ('branch7x7dbl_4', tall), ('branch7x7dbl_5', wide)),
            self.conv(self.avg_pool_without_padding(x), n + '.branch_pool')])

    def block_d(self, x, n):
        return np.concatenate([
            self.chain(x, n + '.', ('branch3x3_1', {}), ('branch3x3_2', {'stride': 2})),
            self.chain(x, n + '.', ('branch7x7x3_1', {}), ('branch7x7x3_2', {'pad': (0, 3)}),
                       ('branch7x7x3_3', {'pad': (3, 0)}), ('branch7x7x3_4', {'stride': 2})),
            self.max_pool(x)])

    def block_e(self, x, n, max_pool):
        short = self.conv(x, n + '.branch3x3_1')
        double = self.chain(x, n + '.', ('branch3x3dbl_1', {}), ('branch3x3dbl_2', {'pad': (1, 1)}))
        pooled = self.max_pool(x, 1, 1) if max_pool else self.avg_pool_without_padding(x)
        return np.concatenate([
            self.conv(x, n + '.branch1x1'),
            self.conv(short, n + '.branch3x3_2a', pad=(0, 1)), self.conv(short, n + '.branch3x3_2b', pad=(1, 0)),
            self.conv(double, n + '.branch3x3dbl_3a', pad=(0, 1)), self.conv(double, n + '.branch3x3dbl_3b', pad=(1, 0)),
            self.conv(pooled, n + '.branch_pool')])

    def pool3(self, image):
        x = 2 * resize_299(image).astype(np.float64) - 1
        x = self.chain(x, 'Conv2d_', ('1a_3x3', {'stride': 2}), ('2a_3x3', {}), ('2b_3x3', {'pad': (1, 1)}))
        x = self.chain(self.max_pool(x), 'Conv2d_', ('3b_1x1', {}), ('4a_3x3', {}))
        x = self.max_pool(x)
        for n in ('5b', '5c', '5d'):
            x = self.block_a(x, 'Mixed_' + n)
        x = self.block_b(x, 'Mixed_6a')
        for n in ('6b', '6c', '6d', '6e'):
            x = self.block_c(x, 'Mixed_' + n)
        x = self.block_e(self.block_e(self.block_d(x, 'Mixed_7a'), 'Mixed_7b', False), 'Mixed_7c', True)
        return x.mean(axis=(1, 2))


def main(fixture, out):
    net = Inception(load_legacy_state_dict(fixture + '/pt_inception-random.pth.gz'))
    files = json.load(open(fixture + '/ref.json'))
    result = {}
    for folder in ('a', 'b'):
        names = files['files_' + folder]
        result['feats_' + folder] = np.stack(
            [net.pool3(read_png_rgb('%s/imgs_%s/%s' % (fixture, folder, name))) for name in names]).astype(np.float32)
        print('imgs_%s: %d images' % (folder, len(names)), file=sys.stderr)
    np.savez_compressed(out, **result)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
