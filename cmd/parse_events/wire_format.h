// The wire formats parse-events reads, as constants. Bit 0 is the least significant bit; words are little-endian.
//
// EVT 2.0: 32-bit words, type in the top nibble.
//    31    28 27      22 21           11 10            0
//   [ type   | t[5:0]   | x (11 bits)   | y (11 bits)   ]  CD_OFF (0x0) / CD_ON (0x1): one event, p = type
//   [ 0x8    | t[33:6] (28 bits)                         ]  EV_TIME_HIGH: the time's upper 28 bits
//   [ 0xA    | t[5:0]   | unused (9) |id(5)| unused(7)|v ]  EXT_TRIGGER: id in bits 12..8, value in bit 0
//   [ 0xE OTHERS (IMU and other sensor data come as OTHERS + CONTINUED) | 0xF CONTINUED | the rest: skipped ]
//   t = time_high << 6 | t[5:0]; time high is 28 bits, so the time wraps every 2^34 us (4.8 h).
//
// EVT 2.1: 64-bit words; the 32-pixel row group x..x+31 of one row and polarity, with a mask of which fired.
//    63    60 59      54 53           43 42           32 31                 0
//   [ type   | t[5:0]   | x (11, x%32=0)| y (11 bits)   | valid mask (32)    ]  EVT_NEG (0x0) / EVT_POS (0x1)
//   [ 0x8    | t[33:6] (28 bits)        | unused (32)                        ]  EVT_TIME_HIGH
//   [ 0xA    | t[5:0] | unused(9)| id(5) | unused(7) | v | unused (32)      ]  EXT_TRIGGER
//   "endianness=legacy" files swap the two 32-bit halves: the half with the type comes first in the file.
//
// EVT 3.0: 16-bit words, type in the top nibble; a stateful encoding (registers y, base x, time high and low).
//    15    12 11 10                    0
//   [ 0x0    | s | y (11 bits)          ]  EVT_ADDR_Y: sets y (s: system type, ignored)
//   [ 0x2    | p | x (11 bits)          ]  EVT_ADDR_X: one event at (x, y) now
//   [ 0x3    | p | x (11 bits)          ]  VECT_BASE_X: sets base x and polarity for the vectors that follow
//   [ 0x4    | valid mask (12 bits)     ]  VECT_12: events at base+i for each set bit i; base += 12
//   [ 0x5    | unused(4) | mask (8)     ]  VECT_8: the same for 8 pixels; base += 8
//   [ 0x6    | t[11:0]                  ]  EVT_TIME_LOW
//   [ 0x8    | t[23:12]                 ]  EVT_TIME_HIGH
//   [ 0xA    | id (4) | unused(7) | v   ]  EXT_TRIGGER
//   [ 0x7 CONTINUED_4 | 0xE OTHERS | 0xF CONTINUED_12 | 0x1, 0x9, 0xB, 0xC, 0xD unknown: skipped ]
//   t = time_high << 12 | time_low, 24 bits: wraps every 2^24 us (16.8 s).
//
// DAT (Prophesee .dat, versions 1 and 2): "% ..." header lines, then (with a header) a byte of event type and a
// byte of event size (8), then 8-byte events: u32 t (us, wraps every 2^32 us), u32 address:
//   v2:  31  28 27         14 13          0        v1:  31   18  17 16       9 8        0
//       [ p(4) | y (14 bits)  | x (14 bits) ]           [ unused | p | y (8 bits)| x (9 bits)]
#pragma once

#include <cstdint>

namespace recpipe::parse_events {

namespace evt2 {
inline constexpr uint32_t kCdOff = 0x0, kCdOn = 0x1, kTimeHigh = 0x8, kExtTrigger = 0xA, kOthers = 0xE,
                          kContinued = 0xF;
inline constexpr int kTimeLowBits = 6;
inline constexpr uint32_t kTimeHighMask = (1u << 28) - 1;
inline constexpr int64_t kPeriod = int64_t{1} << 34;  // a whole turn of the time counter
}  // namespace evt2

namespace evt3 {
inline constexpr uint16_t kAddrY = 0x0, kAddrX = 0x2, kVectBaseX = 0x3, kVect12 = 0x4, kVect8 = 0x5,
                          kTimeLow = 0x6, kContinued4 = 0x7, kTimeHigh = 0x8, kExtTrigger = 0xA, kOthers = 0xE,
                          kContinued12 = 0xF;
inline constexpr int kTimeLowBits = 12;
inline constexpr int64_t kPeriod = int64_t{1} << 24;
// OpenEB counts a wrap when time high drops by at least half its range; smaller steps back are noise, not wraps.
inline constexpr uint32_t kWrapDrop = 1u << 11;
}  // namespace evt3

namespace dat {
inline constexpr int64_t kPeriod = int64_t{1} << 32;
inline constexpr size_t kEventBytes = 8;
}  // namespace dat

}  // namespace recpipe::parse_events
