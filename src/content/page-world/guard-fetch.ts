import type { Finding } from '../../core/credentials/findings';
import { bodyFindings, streamFindings, tagOf } from './body-text';
import { report } from './channel';
import { replaceMethod } from './disguise';
import { unlistedCredentialHeader } from './headers';
import { apply, call, getOwnPropertyDescriptor } from './natives';
import { networkError } from './refusal';
import { addressOf, stopsBodies, stopsHeaders, targetOf, untouched, type Target } from './targets';

/**
 * fetch() to a cleartext address: a body with a secret field is refused when the address
 * is the page's own cleartext host and sent over https to any other host; unlisted
 * credential headers are left out for the cleartext host. fetch is asynchronous anyway,
 * so a Blob, a stream or a Request's own body is read before anything is sent.
 */
export function guardFetch(scope: typeof globalThis, doc: Document): void {
  const nativeFetch = scope.fetch;
  const NativeRequest = scope.Request;
  const NativeHeaders = scope.Headers;
  const requestClone = scope.Request.prototype.clone;
  const requestBody = getOwnPropertyDescriptor(scope.Request.prototype, 'body')?.get as (this: Request) => unknown;
  const requestHeaders = getOwnPropertyDescriptor(scope.Request.prototype, 'headers')?.get as (
    this: Request,
  ) => Headers;
  const headersEntries = scope.Headers.prototype.entries;
  const headersDelete = scope.Headers.prototype.delete;
  const streamTee = scope.ReadableStream?.prototype.tee;

  async function readBody(
    input: unknown,
    init: RequestInit | undefined,
  ): Promise<{ findings: Finding[]; init?: RequestInit }> {
    if (init && 'body' in init && init.body != null) {
      const body = init.body as unknown;
      if (tagOf(body) === 'ReadableStream' && streamTee) {
        const [forUs, forRequest] = call(streamTee, body) as [ReadableStream<Uint8Array>, ReadableStream<Uint8Array>];
        return { findings: await streamFindings(forUs), init: { ...init, body: forRequest } };
      }
      const found = bodyFindings(body);
      return { findings: found === null ? [] : 'pending' in found ? await found.pending : found.findings };
    }
    if (tagOf(input) === 'Request' && call(requestBody, input) !== null) {
      const copy = call(requestClone, input) as Request;
      const found = bodyFindings(await copy.arrayBuffer());
      return { findings: found && 'findings' in found ? found.findings : [] };
    }
    return { findings: [] };
  }

  /** The request's headers and the unlisted credential ones among them. */
  function credentialHeaders(input: unknown, init: RequestInit | undefined) {
    const source = init?.headers ?? (tagOf(input) === 'Request' ? call(requestHeaders, input) : undefined);
    if (source === undefined) return { headers: null, found: [] };
    const headers = new NativeHeaders(source as HeadersInit);
    const found: Finding[] = [];
    for (const [name, value] of call(headersEntries, headers) as IterableIterator<[string, string]>) {
      const finding = unlistedCredentialHeader(name, value);
      if (finding) found.push(finding);
    }
    return { headers, found };
  }

  async function guarded(
    self: unknown,
    input: unknown,
    init: RequestInit | undefined,
    target: Target,
  ): Promise<Response> {
    const { findings, init: replacedInit } = await readBody(input, init);
    let nextInput = input;
    let nextInit = replacedInit ?? init;
    const { headers, found } = credentialHeaders(input, nextInit);
    if (target.decision === 'cleartext-host') {
      if (findings.length > 0 && stopsBodies(target)) {
        report(doc, target.url.href, 'blocked', findings);
        throw networkError(scope);
      }
      if (headers && found.length > 0 && stopsHeaders(target)) {
        for (const finding of found) call(headersDelete, headers, finding.name);
        report(doc, target.url.href, 'stripped', found);
        nextInit = { ...nextInit, headers };
      }
    } else if (findings.length + found.length > 0 && target.secureUrl) {
      // Another host: the request goes over https (or fails there), never in cleartext.
      nextInput = tagOf(input) === 'Request' ? new NativeRequest(target.secureUrl, input as Request) : target.secureUrl;
    }
    return apply(nativeFetch, self, nextInit === undefined ? [nextInput] : [nextInput, nextInit]) as Promise<Response>;
  }

  const fetch = function fetch(this: unknown, ...args: [input: RequestInfo | URL, init?: RequestInit]) {
    const [input, init] = args;
    const target = targetOf(addressOf(input), doc);
    if (untouched(target)) return apply(nativeFetch, this, args) as Promise<Response>;
    return guarded(this, input, init, target as Target);
  };
  replaceMethod(scope, 'fetch', fetch, { async: true });
}
