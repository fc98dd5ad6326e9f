/**
 * Chrome only: runs in the page's own (MAIN) world, in every frame, at document_start,
 * before any page script. Chrome's declarative rules can neither upgrade ws:// nor see a
 * request body, so this script closes those gaps where the requests are made:
 * - `new WebSocket("ws://...")` to an ordinary host becomes wss:// before it connects; a
 *   ws:// to the page's own cleartext host that carries a credential is refused.
 * - fetch, XMLHttpRequest.send and navigator.sendBeacon refuse to send a body with a
 *   secret-looking field to the page's own cleartext host; fetch and sendBeacon send such
 *   a body to any other http:// host over https:// instead.
 * - a script's form.submit() of a filled password form bound for an http:// address is
 *   handed to the isolated content script, which holds it like a click on the button.
 * A page can keep its own references to the native functions only by running first,
 * which it cannot; what still gets through is recorded by the background as "passed".
 * Built as a classic script (vite.config.ts); no extension API exists in this world.
 */
import { findBodyCredentials } from '../core/credentials/detect-body';
import { findUrlCredentials } from '../core/credentials/detect-url';
import type { Finding } from '../core/credentials/findings';
import { DEFAULT_SECRET_PARAM_NAMES } from '../core/credentials/vocabulary';
import { bodyTarget, sendDecision, websocketTarget } from '../core/page-send-policy';
import { parseUrl } from '../core/url';
import { PAGE_REPORT_EVENT, SUBMIT_REQUEST_EVENT } from './page-report';

const MARK = Symbol.for('cleartext-guard.page-guard');
const REFUSAL = 'Cleartext Guard refused to send a credential over an unencrypted connection';

function bodyFindings(body: unknown): Finding[] {
  if (typeof body === 'string') return findBodyCredentials({ text: body });
  if (body instanceof URLSearchParams) {
    return findBodyCredentials({ text: body.toString(), contentType: 'application/x-www-form-urlencoded' });
  }
  if (body instanceof FormData) {
    const formData: Record<string, string[]> = {};
    for (const [name, value] of body) if (typeof value === 'string') (formData[name] ??= []).push(value);
    return findBodyCredentials({ formData });
  }
  return []; // Blob, ArrayBuffer, streams: not readable synchronously
}

function report(url: string, findings: Finding[]): void {
  const credentials = findings.map(({ kind, name, value }) => ({ kind, name, value }));
  document.dispatchEvent(new CustomEvent(PAGE_REPORT_EVENT, { detail: JSON.stringify({ url, credentials }) }));
}

function absolute(url: string): string {
  return parseUrl(url, document.baseURI)?.href ?? url;
}

function guardWebSocket(scope: typeof globalThis): void {
  const Native = scope.WebSocket;
  const Guarded: typeof WebSocket = new Proxy(Native, {
    construct(target, args: unknown[], newTarget: NewableFunction) {
      const [url, ...rest] = args;
      if (typeof url === 'string' || url instanceof URL) {
        const upgraded = websocketTarget(String(url), document.baseURI);
        if (upgraded !== null) {
          args = [upgraded, ...rest];
        } else {
          const href = absolute(String(url));
          const findings = findUrlCredentials(href, DEFAULT_SECRET_PARAM_NAMES);
          if (findings.length > 0 && sendDecision(new URL(href), document.baseURI) === 'cleartext-host') {
            report(href, findings);
            throw new DOMException(REFUSAL, 'SecurityError');
          }
        }
      }
      return Reflect.construct(target, args, newTarget === Guarded ? target : newTarget) as object;
    },
  });
  scope.WebSocket = Guarded;
}

function guardFetch(scope: typeof globalThis): void {
  const nativeFetch = scope.fetch;
  scope.fetch = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const findings = init?.body == null ? [] : bodyFindings(init.body);
    if (findings.length > 0) {
      const target = input instanceof Request ? input.url : String(input);
      const decision = bodyTarget(target, document.baseURI);
      if (!decision) {
        report(absolute(target), findings);
        return Promise.reject(new TypeError(REFUSAL));
      }
      if (decision.url !== target) input = input instanceof Request ? new Request(decision.url, input) : decision.url;
    }
    return nativeFetch.call(this, input, init);
  };
}

function guardXhr(scope: typeof globalThis): void {
  const urls = new WeakMap<XMLHttpRequest, string>();
  const proto = scope.XMLHttpRequest.prototype;
  const nativeOpen = proto.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
  const nativeSend = proto.send;
  proto.open = function open(this: XMLHttpRequest, ...args: unknown[]) {
    urls.set(this, String(args[1]));
    nativeOpen.apply(this, args);
  } as typeof proto.open;
  proto.send = function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const url = urls.get(this);
    const findings = body == null ? [] : bodyFindings(body);
    if (url !== undefined && findings.length > 0 && bodyTarget(url, document.baseURI) === null) {
      report(absolute(url), findings);
      throw new DOMException(REFUSAL, 'NetworkError');
    }
    nativeSend.call(this, body);
  };
}

function guardBeacon(scope: typeof globalThis): void {
  const nativeBeacon = scope.navigator.sendBeacon?.bind(scope.navigator);
  if (!nativeBeacon) return;
  scope.navigator.sendBeacon = function sendBeacon(url: string | URL, data?: BodyInit | null): boolean {
    const findings = data == null ? [] : bodyFindings(data);
    if (findings.length === 0) return nativeBeacon(url, data);
    const decision = bodyTarget(String(url), document.baseURI);
    if (!decision) {
      report(absolute(String(url)), findings);
      return false;
    }
    return nativeBeacon(decision.url, data);
  };
}

function guardFormSubmit(scope: typeof globalThis): void {
  const proto = scope.HTMLFormElement.prototype;
  const nativeSubmit = proto.submit;
  proto.submit = function submit(this: HTMLFormElement) {
    const hasPassword = [...this.elements].some(
      (e) => e instanceof HTMLInputElement && e.type === 'password' && e.value !== '',
    );
    if (hasPassword && absolute(this.getAttribute('action') ?? '').startsWith('http:')) {
      this.dispatchEvent(new CustomEvent(SUBMIT_REQUEST_EVENT));
    } else {
      nativeSubmit.call(this);
    }
  };
}

function install(): void {
  const scope = globalThis as typeof globalThis & { [MARK]?: true };
  if (scope[MARK]) return;
  Object.defineProperty(scope, MARK, { value: true });
  if (typeof scope.WebSocket === 'function') guardWebSocket(scope);
  if (typeof scope.fetch === 'function') guardFetch(scope);
  if (typeof scope.XMLHttpRequest === 'function') guardXhr(scope);
  guardBeacon(scope);
  if (typeof scope.HTMLFormElement === 'function') guardFormSubmit(scope);
}

install();
