const hexByte = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** getRandomValues fills at most 65,536 bytes per call. */
function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65_536)));
  }
  return bytes;
}

/**
 * Time-ordered ids (UUIDv7, RFC 9562) for bulk creates. New rows then land at the right edge
 * of the `(tenant_id, id)` primary key instead of at random pages, which makes a 100,000-row
 * insert markedly cheaper than with random v4 ids. A 32-bit counter in the `rand_a`/`rand_b`
 * bits keeps the ids of one batch in order; the last 42 bits are random.
 * (`uuidv7()` exists in SQL only from PostgreSQL 18; PGlite and older servers lack it.)
 */
export function uuidV7Batch(count: number, now = Date.now()): string[] {
  const ids = new Array<string>(count);
  const random = randomBytes(count * 6);
  const time = now.toString(16).padStart(12, '0').slice(-12);
  const timePart = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
  for (let i = 0; i < count; i++) {
    const r = i * 6;
    // 12 bits of counter after the version nibble; variant 0b10 + 14 more counter bits;
    // then 6 counter bits + 2 random bits, and 40 random bits.
    const randA = (i >>> 20) & 0xfff;
    const low = i & 0xfffff;
    const clockSeq = 0x8000 | (low >>> 6);
    ids[i] =
      timePart +
      randA.toString(16).padStart(3, '0') +
      '-' +
      hexByte[clockSeq >>> 8] +
      hexByte[clockSeq & 0xff] +
      '-' +
      hexByte[((low & 0x3f) << 2) | (random[r]! & 0x03)] +
      hexByte[random[r + 1]!] +
      hexByte[random[r + 2]!] +
      hexByte[random[r + 3]!] +
      hexByte[random[r + 4]!] +
      hexByte[random[r + 5]!];
  }
  return ids;
}
