// bytesEqual compares with word loads: every length and every differing
// position must give memory.compare's answer, at any alignment.
import { bytesEqual } from "../trie/bytes";

const A = memory.data(64);
const B = memory.data(64);

describe("bytesEqual", () => {
  it("agrees with memory.compare for lengths 0..20, any offset, one byte changed anywhere", () => {
    for (let i = 0; i < 64; i++) { store<u8>(A + i, <u8>(i * 7 + 1)); store<u8>(B + i, <u8>(i * 7 + 1)); }
    for (let offA: u32 = 0; offA < 3; offA++) {
      for (let offB: u32 = 0; offB < 3; offB++) {
        for (let n: u32 = 0; n <= 20; n++) {
          memory.copy(B + offB, A + offA, n);
          expect(bytesEqual(A + offA, B + offB, n)).toBe(true);
          for (let d: u32 = 0; d < n; d++) {
            store<u8>(B + offB + d, load<u8>(B + offB + d) ^ 0x20);
            expect(bytesEqual(A + offA, B + offB, n)).toBe(false);
            expect(bytesEqual(A + offA, B + offB, d)).toBe(true); // the bytes before it still match
            store<u8>(B + offB + d, load<u8>(B + offB + d) ^ 0x20);
          }
        }
      }
    }
  });
});
