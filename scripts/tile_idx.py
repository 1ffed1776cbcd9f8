"""Writes an IDX file holding another one's records N times over (uncompressed), for scripts/bench-cluster's memory
study: a training set N times the size with the same shapes and labels.
    python3 scripts/tile_idx.py SOURCE[.gz] N TARGET
"""
import gzip
import struct
import sys


def main():
    source, times, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    opener = gzip.open if open(source, "rb").read(2) == b"\x1f\x8b" else open
    with opener(source, "rb") as f:
        data = f.read()
    dims = data[3]
    header = 4 + 4 * dims
    (count,) = struct.unpack(">I", data[4:8])
    with open(target, "wb") as out:
        out.write(data[:4] + struct.pack(">I", count * times) + data[8:header])
        for _ in range(times):
            out.write(data[header:])


if __name__ == "__main__":
    main()
