// scanPath reads 8 bytes at a time: its segments, hashes and '%' flag must be
// those of a plain byte-by-byte split for every length and slash position.
import { scanPath, segCount, segStart, segEnd, segHash, sawPercent, bytesHash } from "../trie/scan";
import { MAX_PATH_SEGMENTS } from "../router";

const PATH = memory.data(1024);
const ALPHABET = "/a.%";

/** The reference: split at every '/' by a byte loop, as text "start-end …". */
function expectedSplit(len: u32): string {
  const parts: string[] = [];
  let begin: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    if (load<u8>(PATH + i) == 0x2f) { parts.push(begin.toString() + "-" + i.toString()); begin = i + 1; }
  }
  parts.push(begin.toString() + "-" + len.toString());
  return parts.join(" ");
}

function scannedSplit(): string {
  const parts: string[] = [];
  for (let i = 0; i < segCount; i++) parts.push(segStart(i).toString() + "-" + segEnd(i).toString());
  return parts.join(" ");
}

function hasPercentByte(len: u32): bool {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(PATH + i) == 0x25) return true;
  return false;
}

describe("scanPath", () => {
  it("splits like a byte loop for every length up to 20 and every mix of '/', '.', '%' and text", () => {
    let seed: u32 = 12345;
    for (let len: u32 = 0; len <= 20; len++) {
      for (let round = 0; round < 200; round++) {
        for (let i: u32 = 0; i < len; i++) {
          seed = seed * 1103515245 + 12345;
          store<u8>(PATH + i, <u8>ALPHABET.charCodeAt((seed >> 16) & 3));
        }
        scanPath(PATH, 0, len);
        expect(scannedSplit()).toBe(expectedSplit(len));
        expect(sawPercent).toBe(hasPercentByte(len));
        for (let s = 0; s < segCount; s++) {
          expect(segHash(s)).toBe(bytesHash(PATH + segStart(s), segEnd(s) - segStart(s)));
        }
      }
    }
  });

  it("reads only [start, len): bytes around the range do not count", () => {
    memory.fill(PATH, 0x2f, 32);
    memory.copy(PATH + 3, changetype<usize>(String.UTF8.encode("ab/cdefghij%")), 12);
    scanPath(PATH, 3, 15);
    expect(scannedSplit()).toBe("3-5 6-15");
    expect(sawPercent).toBe(true);
  });

  it("takes MAX_PATH_SEGMENTS segments and gives up past them", () => {
    for (let i: u32 = 0; i < MAX_PATH_SEGMENTS; i++) store<u16>(PATH + i * 2, 0x2f61); // "a/"
    scanPath(PATH, 0, MAX_PATH_SEGMENTS * 2 - 1);
    expect(segCount).toBe(<i32>MAX_PATH_SEGMENTS);
    expect(segEnd(<i32>MAX_PATH_SEGMENTS - 1)).toBe(MAX_PATH_SEGMENTS * 2 - 1);
    scanPath(PATH, 0, MAX_PATH_SEGMENTS * 2);
    expect(segCount).toBe(-1);
  });
});
