import type { Finding } from '../../core/credentials/findings';
import { bodyFindings } from './body-text';
import { report } from './channel';
import { replaceMethod } from './disguise';
import { unlistedCredentialHeader } from './headers';
import { apply } from './natives';
import { xhrNetworkError } from './refusal';
import { addressOf, stopsBodies, stopsHeaders, targetOf, untouched, type Target } from './targets';

/** Port 1 is on the fetch standard's list of ports no browser connects to: https://fetch.spec.whatwg.org/#bad-port */
const REFUSED_ADDRESS = 'http://0.0.0.0:1/';

interface Opened {
  /** open()'s arguments as the page passed them. */
  args: unknown[];
  target: Target | null;
  async: boolean;
  /** Headers set since open(), to set again if the request is re-opened over https. */
  headers: [string, string][];
  /** An unlisted credential header was set: the request must not go to another host in cleartext. */
  credentialHeader: boolean;
}

/**
 * XMLHttpRequest to a cleartext address, like fetch: a body with a secret field is refused
 * for the page's own cleartext host and re-opened over https for any other host (with its
 * headers set again); unlisted credential headers are not set for the cleartext host. A
 * Blob body is read first, the native send() following once it is (an asynchronous request
 * only: a synchronous one with a Blob for a cleartext host is refused).
 */
export function guardXhr(scope: typeof globalThis, doc: Document): void {
  const proto = scope.XMLHttpRequest.prototype;
  const nativeOpen = proto.open;
  const nativeSend = proto.send;
  const nativeSetHeader = proto.setRequestHeader;
  const opened = new WeakMap<XMLHttpRequest, Opened>();

  const open = function open(this: XMLHttpRequest, ...args: unknown[]) {
    const target = args.length >= 2 ? targetOf(addressOf(args[1]), doc) : null;
    opened.set(this, {
      args,
      target,
      async: args.length < 3 || Boolean(args[2]),
      headers: [],
      credentialHeader: false,
    });
    return apply(nativeOpen, this, args);
  };

  const setRequestHeader = function setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
    const state = opened.get(this);
    const finding = state && !untouched(state.target) ? unlistedCredentialHeader(String(name), String(value)) : null;
    if (state?.target && finding) {
      if (state.target.decision === 'cleartext-host') {
        if (stopsHeaders(state.target)) {
          report(doc, state.target.url.href, 'stripped', [finding]);
          return undefined;
        }
      } else {
        state.credentialHeader = true;
      }
    }
    state?.headers.push([String(name), String(value)]);
    return apply(nativeSetHeader, this, [name, value]);
  };

  /**
   * Fails the request as the network would: synchronous requests throw; asynchronous ones
   * are re-opened to a port browsers refuse to connect to (fetch's "bad port" list:
   * https://fetch.spec.whatwg.org/#bad-port), so the page gets its real error and loadend
   * events and nothing leaves the machine.
   */
  function fail(xhr: XMLHttpRequest, state: Opened): void {
    if (!state.async) throw xhrNetworkError(scope);
    apply(nativeOpen, xhr, [state.args[0], REFUSED_ADDRESS, true]);
    apply(nativeSend, xhr, []);
  }

  function decide(xhr: XMLHttpRequest, state: Opened, body: unknown, findings: Finding[]): void {
    const target = state.target as Target;
    if (findings.length === 0 && !state.credentialHeader) return void apply(nativeSend, xhr, [body]);
    if (target.decision === 'cleartext-host' && !stopsBodies(target)) return void apply(nativeSend, xhr, [body]);
    if (findings.length > 0 && (target.decision === 'cleartext-host' || !target.secureUrl)) {
      report(doc, target.url.href, 'blocked', findings);
      return fail(xhr, state);
    }
    if (!target.secureUrl) return void apply(nativeSend, xhr, [body]);
    // Another host: the same request over https.
    const [method, , ...rest] = state.args;
    apply(nativeOpen, xhr, [method, target.secureUrl, ...rest]);
    for (const header of state.headers) apply(nativeSetHeader, xhr, header);
    apply(nativeSend, xhr, [body]);
  }

  const send = function send(this: XMLHttpRequest, ...args: [body?: Document | XMLHttpRequestBodyInit | null]) {
    const [body] = args;
    const state = opened.get(this);
    if (!state || untouched(state.target)) return apply(nativeSend, this, args);
    const found = bodyFindings(body) ?? { findings: [] };
    if ('findings' in found) return decide(this, state, body, found.findings);
    if (!state.async) throw xhrNetworkError(scope); // a Blob cannot be read synchronously
    void found.pending.then(
      (findings) => decide(this, state, body, findings),
      () => fail(this, state),
    );
    return undefined;
  };

  replaceMethod(proto, 'open', open);
  replaceMethod(proto, 'setRequestHeader', setRequestHeader);
  replaceMethod(proto, 'send', send);
}
