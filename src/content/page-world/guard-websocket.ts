import { findHeaderCredentials } from '../../core/credentials/detect-headers';
import { findUrlCredentials } from '../../core/credentials/detect-url';
import type { Finding } from '../../core/credentials/findings';
import { DEFAULT_SECRET_PARAM_NAMES } from '../../core/credentials/vocabulary';
import { websocketTarget } from '../../core/page-send-policy';
import { bodyFindings } from './body-text';
import { currentPolicy, report } from './channel';
import { disguise, replaceMethod, scrub } from './disguise';
import { apply, call, construct, defineProperty, getOwnPropertyDescriptor } from './natives';
import { addressOf, pageUrlOf, stopsBodies, targetOf } from './targets';

/**
 * Chrome only: `new WebSocket("ws://...")` to an ordinary host becomes wss:// before it
 * connects (Chrome's declarative rules cannot upgrade a WebSocket, only block it:
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleActionType);
 * a ws:// to the page's own cleartext host that carries a credential in its URL or its
 * subprotocols is refused.
 */
export function guardWebSocketConnect(scope: typeof globalThis, doc: Document): void {
  const Native = scope.WebSocket;
  /** The address the socket may connect to, or a SyntaxError as for an invalid one. */
  const checked = (args: unknown[]): unknown[] => {
    const [url, ...rest] = args;
    if (!currentPolicy().passive && args.length > 0) {
      const address = addressOf(url);
      const upgraded = websocketTarget(address, pageUrlOf(doc), currentPolicy());
      if (upgraded !== null) return [upgraded, ...rest];
      const target = targetOf(address, doc);
      const inUrl = target ? findUrlCredentials(target.url.href, DEFAULT_SECRET_PARAM_NAMES) : [];
      const inHeader = target ? protocolCredentials(rest[0]) : [];
      if (target?.decision === 'cleartext-host' && inUrl.length + inHeader.length > 0) {
        // The connection is refused; what the history says of each credential is what
        // the policy does to its kind (a header is stripped, a URL blocked).
        if (inUrl.length > 0) report(doc, target.url.href, 'blocked', inUrl);
        if (inHeader.length > 0) report(doc, target.url.href, 'stripped', inHeader);
        throw new scope.DOMException(
          `Failed to construct 'WebSocket': The URL '${address}' is invalid.`,
          'SyntaxError',
        );
      }
    }
    return args;
  };
  const traps: ProxyHandler<typeof WebSocket> = {
    construct(target, args: unknown[], newTarget: NewableFunction): object {
      try {
        return construct(target, checked(args), newTarget === Guarded ? target : newTarget) as object;
      } catch (error) {
        throw scrub(error, traps.construct as never);
      }
    },
  };
  const Guarded: typeof WebSocket = new Proxy(Native, traps);
  disguise(Guarded, Native);
  const descriptor = getOwnPropertyDescriptor(scope, 'WebSocket');
  if (descriptor) defineProperty(scope, 'WebSocket', { ...descriptor, value: Guarded });
}

/**
 * Subprotocols travel in the Sec-WebSocket-Protocol header, which some servers use to
 * carry a token (`new WebSocket(url, ['access_token', 'eyJ...'])`): a key format there is
 * a credential like any other header's.
 */
function protocolCredentials(protocols: unknown): Finding[] {
  const list = typeof protocols === 'string' ? [protocols] : Array.isArray(protocols) ? protocols : [];
  return findHeaderCredentials(list.map((value) => ({ name: 'Sec-WebSocket-Protocol', value: String(value) })));
}

/**
 * Both browsers: a message sent on a WebSocket that stayed cleartext (the page's own
 * excepted host, the guarded local network) is dropped when it carries a credential, like
 * a request body; neither browser shows extensions a WebSocket's messages (Chrome:
 * https://developer.chrome.com/docs/extensions/reference/api/webRequest). A Blob message
 * is read first, and the socket's later messages wait for it, so their order holds.
 */
export function guardWebSocketSend(scope: typeof globalThis, doc: Document): void {
  const proto = scope.WebSocket.prototype;
  const nativeSend = proto.send;
  const urlOf = getOwnPropertyDescriptor(proto, 'url')?.get as (this: WebSocket) => string;
  const waiting = new WeakMap<WebSocket, Promise<void>>();

  function refuse(url: string, findings: Finding[]): void {
    report(doc, url, 'blocked', findings);
  }

  function sendChecked(socket: WebSocket, url: string, data: unknown, findings: Finding[]): void {
    if (findings.length > 0) return refuse(url, findings);
    apply(nativeSend, socket, [data]);
  }

  const send = function send(this: WebSocket, ...args: [data: string | ArrayBufferLike | Blob | ArrayBufferView]) {
    const [data] = args;
    const url = call(urlOf, this) as string;
    const target = currentPolicy().passive ? null : targetOf(url, doc);
    const guarded =
      target !== null && target.url.protocol === 'ws:' && target.decision === 'cleartext-host' && stopsBodies(target);
    const pending = waiting.get(this);
    if (!guarded && !pending) return apply(nativeSend, this, args);
    const found = guarded ? bodyFindings(data, { bare: 'message' }) : { findings: [] };
    const findings: Promise<Finding[]> | Finding[] =
      found === null ? [] : 'pending' in found ? found.pending : found.findings;
    if (!pending && Array.isArray(findings)) return sendChecked(this, url, data, findings);
    // Keep the order: this message goes after the ones still being read.
    const next = (pending ?? Promise.resolve())
      .then(() => findings)
      .then((f) => sendChecked(this, url, data, f))
      .catch(() => undefined);
    waiting.set(this, next);
    void next.then(() => {
      if (waiting.get(this) === next) waiting.delete(this);
    });
    return undefined;
  };
  replaceMethod(proto, 'send', send);
}
