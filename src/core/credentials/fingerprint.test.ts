import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, hmacSha256, sha256 } from './fingerprint';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('sha256 and hmacSha256', () => {
  it('agree with node:crypto on many lengths', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 1000]) {
      const message = randomBytes(length);
      expect(hex(sha256(message))).toBe(createHash('sha256').update(message).digest('hex'));
      for (const keyLength of [16, 64, 100]) {
        const key = randomBytes(keyLength);
        expect(hex(hmacSha256(key, message))).toBe(createHmac('sha256', key).update(message).digest('hex'));
      }
    }
  });
});

describe('fingerprint', () => {
  const key = new Uint8Array(32).fill(7);
  it('is short, stable for a repeat and different across values, names and keys', () => {
    const a = fingerprint(key, 'query', 'token', 'abc');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(key, 'query', 'TOKEN', 'abc')).toBe(a);
    expect(fingerprint(key, 'query', 'token', 'abd')).not.toBe(a);
    expect(fingerprint(key, 'header', 'token', 'abc')).not.toBe(a);
    expect(fingerprint(new Uint8Array(32).fill(8), 'query', 'token', 'abc')).not.toBe(a);
    expect(a).not.toContain('abc');
  });
});

describe('fingerprint of a huge value', () => {
  it('hashes a bounded part of it, and its length', () => {
    const key = new Uint8Array(32).fill(7);
    const huge = 'x'.repeat(8 * 1024 * 1024);
    const a = fingerprint(key, 'body-field', 'token', huge);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    // What lies past the bounded part is not read; the length still tells values apart.
    expect(fingerprint(key, 'body-field', 'token', `${huge.slice(0, -1)}y`)).toBe(a);
    expect(fingerprint(key, 'body-field', 'token', `${huge}y`)).not.toBe(a);
    expect(fingerprint(key, 'body-field', 'token', `y${huge.slice(1)}`)).not.toBe(a);
  });
});
