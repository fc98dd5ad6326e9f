/**
 * A short keyed fingerprint (HMAC-SHA-256 with a per-install key, first 8 bytes) so that
 * repeats of the same credential can be recognised in the history without storing it.
 * Synchronous on purpose: the background records an event in the same task in which the
 * browser reported it, so a worker stopped right after loses nothing (WebCrypto is async);
 * hence @noble/hashes, which is synchronous.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

export function sha256(message: Uint8Array): Uint8Array {
  return nobleSha256(message);
}

/** HMAC-SHA-256 (RFC 2104): a key longer than the 64-byte block is hashed first. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(nobleSha256, key, message);
}

/**
 * How much of a value is fingerprinted: a credential is short; a multi-megabyte field
 * named "token" is not worth hashing whole while its request waits (its length is
 * hashed with it, so two such values still differ).
 */
export const FINGERPRINT_MAX_CHARS = 4096;

/** 16 hex characters: enough to recognise a repeat, far too short to test guesses offline. */
export function fingerprint(key: Uint8Array, kind: string, name: string, value: string): string {
  const head =
    value.length > FINGERPRINT_MAX_CHARS ? `${value.slice(0, FINGERPRINT_MAX_CHARS)}\u0000${value.length}` : value;
  const message = new TextEncoder().encode(`${kind}\u0000${name.toLowerCase()}\u0000${head}`);
  return [...hmacSha256(key, message).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
