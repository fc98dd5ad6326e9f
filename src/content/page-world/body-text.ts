import { findBodyCredentials } from '../../core/credentials/detect-body';
import type { Finding } from '../../core/credentials/findings';
import { blobBytes, blobLength, call, decodeBytes } from './natives';

/**
 * What a request body says, as text the credential detector reads. Strings, forms and
 * byte buffers are read at once; a Blob (or File) and a stream only asynchronously, so
 * the guards that can wait (fetch, a deferred XHR, a beacon, a WebSocket message) wait.
 * Past MAX_SCAN_BYTES a body is judged by its beginning: uploads are large, secrets are not.
 */
export const MAX_SCAN_BYTES = 4 * 1024 * 1024;

const formDataEntries = FormData.prototype.entries;
const blobSlice = Blob.prototype.slice;
const objectToString = Object.prototype.toString;

/** The built-in type of a value, also for objects of another window (a frame's Blob). */
export function tagOf(value: unknown): string {
  return (call(objectToString, value) as string).slice(8, -1);
}
const searchParamsToString = URLSearchParams.prototype.toString;
const serialize = XMLSerializer.prototype.serializeToString;

type Sync = { findings: Finding[] };
type Async = { pending: Promise<Finding[]> };

/**
 * How to read a text that is not a form or JSON: a request body is only fields; a
 * WebSocket message may be a credential as it stands ("ghp_...", a JWT), named `message`.
 */
export interface ReadOptions {
  bare?: string;
}

function textFindings(text: string, options: ReadOptions): Finding[] {
  const findings = findBodyCredentials({ text });
  if (findings.length > 0 || options.bare === undefined) return findings;
  return findBodyCredentials({ formData: { [options.bare]: [text] } }).filter((f) => f.shape !== null);
}

function bytesFindings(bytes: ArrayBuffer | ArrayBufferView, options: ReadOptions = {}): Finding[] {
  const view = ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, MAX_SCAN_BYTES))
    : new Uint8Array(bytes, 0, Math.min(bytes.byteLength, MAX_SCAN_BYTES));
  return textFindings(decodeBytes(view), options);
}

async function blobFindings(blob: Blob, options: ReadOptions = {}, name?: string): Promise<Finding[]> {
  const size = blobLength(blob);
  const bytes = await blobBytes(size > MAX_SCAN_BYTES ? (call(blobSlice, blob, 0, MAX_SCAN_BYTES) as Blob) : blob);
  const findings = bytesFindings(bytes, options);
  return name === undefined ? findings : findings.map((f) => ({ ...f, name }));
}

function formFindings(form: FormData): Sync | Async {
  const fields: Record<string, string[]> = {};
  const files: Promise<Finding[]>[] = [];
  for (const [name, value] of call(formDataEntries, form) as IterableIterator<[string, FormDataEntryValue]>) {
    if (typeof value === 'string') (fields[name] ??= []).push(value);
    else if (blobLength(value) <= 64 * 1024) files.push(blobFindings(value, {}, name)); // small attachments only
  }
  const findings = findBodyCredentials({ formData: fields });
  if (files.length === 0) return { findings };
  return { pending: Promise.all(files).then((found) => [...findings, ...found.flat()]) };
}

/** The findings of a body, now or later; null when there is no body. */
export function bodyFindings(body: unknown, options: ReadOptions = {}): Sync | Async | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return { findings: textFindings(body, options) };
  if (ArrayBuffer.isView(body)) return { findings: bytesFindings(body, options) };
  switch (tagOf(body)) {
    case 'URLSearchParams': {
      const text = call(searchParamsToString, body) as string;
      return { findings: findBodyCredentials({ text, contentType: 'application/x-www-form-urlencoded' }) };
    }
    case 'FormData':
      return formFindings(body as FormData);
    case 'ArrayBuffer':
    case 'SharedArrayBuffer':
      return { findings: bytesFindings(body as ArrayBuffer, options) };
    case 'Blob':
    case 'File':
      return { pending: blobFindings(body as Blob, options) };
    case 'HTMLDocument':
    case 'XMLDocument':
    case 'Document':
      return { findings: findBodyCredentials({ text: call(serialize, new XMLSerializer(), body) as string }) };
  }
  return { findings: textFindings(String(body), options) };
}

/** Reads a whole stream (up to MAX_SCAN_BYTES) for the detector. */
export async function streamFindings(stream: ReadableStream<Uint8Array>): Promise<Finding[]> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    if (total < MAX_SCAN_BYTES) chunks.push(value);
    total += value.byteLength;
  }
  const joined = new Uint8Array(Math.min(total, MAX_SCAN_BYTES));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, joined.length - offset);
    joined.set(part, offset);
    offset += part.length;
  }
  return bytesFindings(joined);
}
