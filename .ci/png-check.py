#!/usr/bin/env python3
"""Check that a PNG screenshot shows a rendered page, not a blank one.

Usage: png-check.py FILE WIDTH HEIGHT
Fails (exit 1) unless the image is WIDTH x HEIGHT, at least 5 % of its
pixels differ from the most common (background) colour, and it holds the
Okabe-Ito blue of the first route (#0072B2), which only the inline SVG
charts draw. Standard library only: decodes 8-bit RGB/RGBA PNGs.
"""
import struct
import sys
import zlib
from collections import Counter


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat = 8, b""
    width = height = depth = colour = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or colour not in (2, 6):
        sys.exit(f"{path}: unsupported PNG (bit depth {depth}, colour type {colour})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, bpp, rows = decode(path)
    if (width, height) != (want_w, want_h):
        sys.exit(f"{path}: {width}x{height}, expected {want_w}x{want_h}")
    counts = Counter()
    blue = 0
    # Every second pixel of every second row: plenty, and quick in Python.
    for row in rows[::2]:
        for x in range(0, width, 2):
            px = row[x * bpp : x * bpp + 3]
            counts[px] += 1
            r, g, b = px
            if abs(r - 0x00) < 24 and abs(g - 0x72) < 24 and abs(b - 0xB2) < 24:
                blue += 1
    total = sum(counts.values())
    background = counts.most_common(1)[0][1]
    inked = 1 - background / total
    print(f"{path}: {width}x{height}, {inked:.1%} non-background, "
          f"{len(counts)} colours, {blue} route-blue samples")
    if inked < 0.05:
        sys.exit(f"{path}: looks blank ({inked:.1%} of pixels differ from the background)")
    if blue < 200:
        sys.exit(f"{path}: the charts' route colour is missing; did the inline SVG render?")


main()
