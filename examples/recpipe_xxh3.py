"""Pure-Python XXH3-64 (xxHash 0.8 family), used by recpipe.py when the `xxhash` module is not installed.

    xxh3_64(data, seed=0) -> int      the same value as XXH3_64bits_withSeed(data, len(data), seed) in libxxhash

Written from the reference implementation in xxhash.h (scalar code path): every length class
(0, 1-3, 4-8, 9-16, 17-128, 129-240, and >240 bytes with stripes, accumulators and scrambling, using the
default secret when the seed is 0 and the seed-derived secret otherwise). Slow compared with C (a few MB/s at
best) but exact. Standard library only, Python 3.9+.
"""

import struct

__all__ = ["xxh3_64"]

_M64 = 0xFFFFFFFFFFFFFFFF
_M32 = 0xFFFFFFFF

_P32_1 = 0x9E3779B1
_P32_2 = 0x85EBCA77
_P32_3 = 0xC2B2AE3D
_P64_1 = 0x9E3779B185EBCA87
_P64_2 = 0xC2B2AE3D27D4EB4F
_P64_3 = 0x165667B19E3779F9
_P64_4 = 0x85EBCA77C2B2AE63
_P64_5 = 0x27D4EB2F165667C5

# XXH3_kSecret: 192 pseudorandom bytes taken from FARSH.
_K_SECRET = bytes.fromhex(
    "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f"
    "cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c"
    "3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8"
    "a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364"
    "eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e"
    "2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e"
)
assert len(_K_SECRET) == 192

_SECRET_SIZE_MIN = 136
_STRIPE_LEN = 64
_SECRET_CONSUME_RATE = 8
_SECRET_LASTACC_START = 7
_SECRET_MERGEACCS_START = 11
_MIDSIZE_STARTOFFSET = 3
_MIDSIZE_LASTOFFSET = 17

_u32 = struct.Struct("<I").unpack_from
_u64 = struct.Struct("<Q").unpack_from
_u64x2 = struct.Struct("<QQ").unpack_from
_u64x8 = struct.Struct("<8Q").unpack_from


def _r32(b, off):
    return _u32(b, off)[0]


def _r64(b, off):
    return _u64(b, off)[0]


def _swap32(x):
    return int.from_bytes(x.to_bytes(4, "little"), "big")


def _swap64(x):
    return int.from_bytes(x.to_bytes(8, "little"), "big")


def _rotl64(x, r):
    return ((x << r) | (x >> (64 - r))) & _M64


def _mul128_fold64(a, b):
    p = a * b
    return (p ^ (p >> 64)) & _M64


def _xxh64_avalanche(h):
    h ^= h >> 33
    h = (h * _P64_2) & _M64
    h ^= h >> 29
    h = (h * _P64_3) & _M64
    h ^= h >> 32
    return h


def _avalanche(h):
    h ^= h >> 37
    h = (h * 0x165667919E3779F9) & _M64
    h ^= h >> 32
    return h


def _rrmxmx(h, length):
    h ^= _rotl64(h, 49) ^ _rotl64(h, 24)
    h = (h * 0x9FB21C651E98DF25) & _M64
    h ^= ((h >> 35) + length) & _M64
    h = (h * 0x9FB21C651E98DF25) & _M64
    return h ^ (h >> 28)


def _len_1to3(data, n, secret, seed):
    c1 = data[0]
    c2 = data[n >> 1]
    c3 = data[n - 1]
    combined = (c1 << 16) | (c2 << 24) | c3 | (n << 8)
    bitflip = ((_r32(secret, 0) ^ _r32(secret, 4)) + seed) & _M64
    return _xxh64_avalanche(combined ^ bitflip)


def _len_4to8(data, n, secret, seed):
    seed = seed ^ (_swap32(seed & _M32) << 32)
    input1 = _r32(data, 0)
    input2 = _r32(data, n - 4)
    bitflip = ((_r64(secret, 8) ^ _r64(secret, 16)) - seed) & _M64
    input64 = (input2 + (input1 << 32)) & _M64
    return _rrmxmx(input64 ^ bitflip, n)


def _len_9to16(data, n, secret, seed):
    bitflip1 = ((_r64(secret, 24) ^ _r64(secret, 32)) + seed) & _M64
    bitflip2 = ((_r64(secret, 40) ^ _r64(secret, 48)) - seed) & _M64
    input_lo = _r64(data, 0) ^ bitflip1
    input_hi = _r64(data, n - 8) ^ bitflip2
    acc = n + _swap64(input_lo) + input_hi + _mul128_fold64(input_lo, input_hi)
    return _avalanche(acc & _M64)


def _mix16(data, off, secret, soff, seed):
    lo, hi = _u64x2(data, off)
    s_lo, s_hi = _u64x2(secret, soff)
    return _mul128_fold64(lo ^ ((s_lo + seed) & _M64), hi ^ ((s_hi - seed) & _M64))


def _len_17to128(data, n, secret, seed):
    acc = n * _P64_1
    if n > 32:
        if n > 64:
            if n > 96:
                acc += _mix16(data, 48, secret, 96, seed)
                acc += _mix16(data, n - 64, secret, 112, seed)
            acc += _mix16(data, 32, secret, 64, seed)
            acc += _mix16(data, n - 48, secret, 80, seed)
        acc += _mix16(data, 16, secret, 32, seed)
        acc += _mix16(data, n - 32, secret, 48, seed)
    acc += _mix16(data, 0, secret, 0, seed)
    acc += _mix16(data, n - 16, secret, 16, seed)
    return _avalanche(acc & _M64)


def _len_129to240(data, n, secret, seed):
    acc = n * _P64_1
    rounds = n // 16
    for i in range(8):
        acc += _mix16(data, 16 * i, secret, 16 * i, seed)
    acc = _avalanche(acc & _M64)
    for i in range(8, rounds):
        acc += _mix16(data, 16 * i, secret, 16 * (i - 8) + _MIDSIZE_STARTOFFSET, seed)
    acc += _mix16(data, n - 16, secret, _SECRET_SIZE_MIN - _MIDSIZE_LASTOFFSET, seed)
    return _avalanche(acc & _M64)


def _init_custom_secret(seed):
    """The 192-byte secret that XXH3_64bits_withSeed derives from the default one for inputs over 240 bytes."""
    words = struct.unpack("<24Q", _K_SECRET)
    out = []
    for i in range(0, 24, 2):
        out.append((words[i] + seed) & _M64)
        out.append((words[i + 1] - seed) & _M64)
    return struct.pack("<24Q", *out)


_SECRET_CACHE = {}


def _secret_for_seed(seed):
    s = _SECRET_CACHE.get(seed)
    if s is None:
        s = _K_SECRET if seed == 0 else _init_custom_secret(seed)
        if len(_SECRET_CACHE) > 64:
            _SECRET_CACHE.clear()
        _SECRET_CACHE[seed] = s
    return s


def _accumulate_512(acc, words, secret_words):
    """One stripe: acc[i^1] += data[i]; acc[i] += lo32(data^key) * hi32(data^key). Values left unreduced."""
    a0, a1, a2, a3, a4, a5, a6, a7 = acc
    d0, d1, d2, d3, d4, d5, d6, d7 = words
    k0, k1, k2, k3, k4, k5, k6, k7 = secret_words
    k0 ^= d0
    k1 ^= d1
    k2 ^= d2
    k3 ^= d3
    k4 ^= d4
    k5 ^= d5
    k6 ^= d6
    k7 ^= d7
    acc[0] = a0 + d1 + (k0 & _M32) * (k0 >> 32)
    acc[1] = a1 + d0 + (k1 & _M32) * (k1 >> 32)
    acc[2] = a2 + d3 + (k2 & _M32) * (k2 >> 32)
    acc[3] = a3 + d2 + (k3 & _M32) * (k3 >> 32)
    acc[4] = a4 + d5 + (k4 & _M32) * (k4 >> 32)
    acc[5] = a5 + d4 + (k5 & _M32) * (k5 >> 32)
    acc[6] = a6 + d7 + (k6 & _M32) * (k6 >> 32)
    acc[7] = a7 + d6 + (k7 & _M32) * (k7 >> 32)


def _hash_long(data, n, secret):
    secret_size = len(secret)
    # Each stripe n of a block uses the secret at byte 8*n, so lane i uses secret word (n + i): all aligned.
    sw = struct.unpack("<%dQ" % (secret_size // 8), secret)
    stripes_per_block = (secret_size - _STRIPE_LEN) // _SECRET_CONSUME_RATE  # 16 for the 192-byte secret
    block_len = _STRIPE_LEN * stripes_per_block
    nb_blocks = (n - 1) // block_len
    scramble_keys = struct.unpack_from("<8Q", secret, secret_size - _STRIPE_LEN)
    acc = [_P32_3, _P64_1, _P64_2, _P64_3, _P64_4, _P32_2, _P64_5, _P32_1]
    words_per_block = block_len // 8
    block_fmt = struct.Struct("<%dQ" % words_per_block).unpack_from
    key_windows = [sw[s:s + 8] for s in range(stripes_per_block)]

    for b in range(nb_blocks):
        w = block_fmt(data, b * block_len)
        for s in range(stripes_per_block):
            _accumulate_512(acc, w[8 * s:8 * s + 8], key_windows[s])
        # scramble
        for i in range(8):
            a = acc[i] & _M64
            a ^= a >> 47
            a ^= scramble_keys[i]
            acc[i] = (a * _P32_1) & _M64

    # last partial block
    start = nb_blocks * block_len
    nb_stripes = ((n - 1) - start) // _STRIPE_LEN
    for s in range(nb_stripes):
        _accumulate_512(acc, _u64x8(data, start + s * _STRIPE_LEN), key_windows[s])
    # last stripe
    _accumulate_512(acc, _u64x8(data, n - _STRIPE_LEN),
                    _u64x8(secret, secret_size - _STRIPE_LEN - _SECRET_LASTACC_START))

    # merge accumulators
    acc = [a & _M64 for a in acc]
    m = _SECRET_MERGEACCS_START
    result = (n * _P64_1) & _M64
    for i in range(4):
        s_lo, s_hi = _u64x2(secret, m + 16 * i)
        result += _mul128_fold64(acc[2 * i] ^ s_lo, acc[2 * i + 1] ^ s_hi)
    return _avalanche(result & _M64)


def xxh3_64(data, seed=0):
    """XXH3-64 of `data` (bytes-like) with a 64-bit seed; equals XXH3_64bits_withSeed()."""
    if not isinstance(data, (bytes, bytearray)):
        data = bytes(memoryview(data))
    seed &= _M64
    n = len(data)
    secret = _K_SECRET
    if n <= 16:
        if n > 8:
            return _len_9to16(data, n, secret, seed)
        if n >= 4:
            return _len_4to8(data, n, secret, seed)
        if n:
            return _len_1to3(data, n, secret, seed)
        return _xxh64_avalanche(seed ^ (_r64(secret, 56) ^ _r64(secret, 64)))
    if n <= 128:
        return _len_17to128(data, n, secret, seed)
    if n <= 240:
        return _len_129to240(data, n, secret, seed)
    return _hash_long(data, n, _secret_for_seed(seed))


if __name__ == "__main__":
    import sys

    for arg in sys.argv[1:] or ["-"]:
        if arg == "-":
            blob = sys.stdin.buffer.read()
        else:
            with open(arg, "rb") as f:
                blob = f.read()
        print("%016x  %s" % (xxh3_64(blob), arg))
