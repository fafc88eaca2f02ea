#!/usr/bin/env python3
"""Draw OrderDock's app icon source (icons/icon-source.png, 1024x1024) with the standard library only.

A rounded blue square holding a white sheet with three "rows" and a green upload arrow:
an order list going up. `npx @tauri-apps/cli icon icons/icon-source.png -o src-tauri/icons`
then makes every size the bundles need.
"""
import struct
import zlib
from pathlib import Path

SIZE = 1024
BLUE = (37, 99, 235, 255)
WHITE = (255, 255, 255, 255)
ROW = (191, 219, 254, 255)
GREEN = (22, 163, 74, 255)
CLEAR = (0, 0, 0, 0)


def inside_rounded(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x < x1 and y0 <= y < y1):
        return False
    cx = min(max(x, x0 + r), x1 - r - 1)
    cy = min(max(y, y0 + r), y1 - r - 1)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def pixel(x, y):
    # The up arrow over the lower right corner of the sheet: a triangle on a shaft.
    ax, top = 700, 520
    if top <= y < top + 170 and abs(x - ax) <= (y - top) * 0.9:
        return GREEN
    if top + 170 <= y < 900 and abs(x - ax) <= 55:
        return GREEN
    if inside_rounded(x, y, 230, 150, 794, 874, 48):
        for i in range(4):
            ry = 260 + i * 120
            if ry <= y < ry + 56 and 300 <= x < 724 and not (i >= 2 and x >= 560):
                return ROW
        return WHITE
    if inside_rounded(x, y, 32, 32, 992, 992, 200):
        return BLUE
    return CLEAR


def png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out = Path(__file__).with_name("icon-source.png")
    out.write_bytes(png(SIZE, SIZE, rows))
    print(out)
