// The 16 KB JSON body the compress benchmark serves (same records for every server).
export const RECORDS = [];
for (let i = 0; JSON.stringify(RECORDS).length < 16 * 1024 - 120; i++) {
  RECORDS.push({ id: i, name: `user-${i}`, email: `user${i}@example.com`, active: i % 3 === 0, score: ((i * 7919) % 1000) / 10, tags: ["a", "b"].slice(0, i % 3) });
}
