/**
 * The browser's own functions, taken once when the guard installs into a window: before
 * any of the page's scripts run (document_start), so nothing the page later replaces
 * (Function.prototype.call and apply included) reaches the guard's own work. The guard
 * calls everything through the Reflect.apply captured here.
 */
export const apply = Reflect.apply;
export const construct = Reflect.construct;
export const defineProperty = Reflect.defineProperty;
export const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
export const getPrototypeOf = Reflect.getPrototypeOf;
/** V8, and SpiderMonkey since Firefox 138 (MDN browser-compat-data): re-takes an error's stack without the frames above a function. */
export const captureStackTrace = (Error as { captureStackTrace?: (error: object, above?: unknown) => void })
  .captureStackTrace;

/** Calls `fn` with `self` and `args` the way the browser would, whatever the page did to call/apply. */
export function call<R>(fn: (...args: never[]) => R, self: unknown, ...args: unknown[]): R {
  return apply(fn as (...a: unknown[]) => R, self, args);
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const decode = TextDecoder.prototype.decode;
const blobArrayBuffer = Blob.prototype.arrayBuffer;
const blobSize = getOwnPropertyDescriptor(Blob.prototype, 'size')?.get as (this: Blob) => number;

/** UTF-8 text of bytes, with the browser's own decoder. */
export function decodeBytes(bytes: ArrayBuffer | ArrayBufferView): string {
  return call(decode, decoder, bytes);
}

export function blobBytes(blob: Blob): Promise<ArrayBuffer> {
  return call(blobArrayBuffer, blob);
}

export function blobLength(blob: Blob): number {
  return call(blobSize, blob);
}
