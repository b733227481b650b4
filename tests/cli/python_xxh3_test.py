#!/usr/bin/env python3
"""Checks the pure-Python XXH3-64 of examples/recpipe_xxh3.py against libxxhash (XXH3_64bits_withSeed via ctypes)
for every input length 0..1100 and several seeds, on random data. Prints "N passed, M failed" last; exit 0 only
when nothing failed, 77 (skip) when libxxhash.so.0 cannot be loaded.

The examples folder is found through RECPIPE_SOURCE_DIR (the repository root) or, failing that, relative to this
file. An optional argument sets the random seed (default: a fixed one, so that failures reproduce).
"""

import ctypes
import os
import random
import sys


def main():
    root = os.environ.get("RECPIPE_SOURCE_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    sys.path.insert(0, os.path.join(root, "examples"))
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    import recpipe_xxh3  # noqa: E402

    try:
        lib = ctypes.CDLL("libxxhash.so.0")
    except OSError as e:
        print("SKIP: cannot load libxxhash.so.0: %s" % e)
        return 77
    ref = lib.XXH3_64bits_withSeed
    ref.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
    ref.restype = ctypes.c_uint64

    rng_seed = int(sys.argv[1]) if len(sys.argv) > 1 else 20240521
    rng = random.Random(rng_seed)
    seeds = [0, 1, 2**63 + 5, 2**64 - 1, 0xFFFFFFFF, rng.getrandbits(64), rng.getrandbits(64)]

    # Lengths 0..1100 cover every class (0, 1-3, 4-8, 9-16, 17-128, 129-240, >240 with one partial block and
    # 1024-byte full blocks plus scrambling); a few larger ones cover several blocks.
    lengths = list(range(0, 1101)) + [2047, 2048, 2049, 4096 + 63, 10000]
    passed = failed = 0
    for length in lengths:
        data = rng.randbytes(length) if hasattr(rng, "randbytes") else bytes(rng.getrandbits(8) for _ in range(length))
        for seed in seeds:
            want = ref(data, len(data), seed)
            got = recpipe_xxh3.xxh3_64(data, seed)
            if got == want:
                passed += 1
            else:
                failed += 1
                if failed <= 20:
                    print("FAIL: length %d seed %#x: python %016x, libxxhash %016x" % (length, seed, got, want))
    # Non-bytes inputs (memoryview, bytearray) hash the same as bytes.
    blob = rng.randbytes(300) if hasattr(rng, "randbytes") else bytes(range(256)) + bytes(44)
    for view in (bytearray(blob), memoryview(blob)):
        if recpipe_xxh3.xxh3_64(view, 7) == ref(blob, len(blob), 7):
            passed += 1
        else:
            failed += 1
            print("FAIL: %s input hashes differently from bytes" % type(view).__name__)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
