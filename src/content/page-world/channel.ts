import type { Finding } from '../../core/credentials/findings';
import type { GuardAction } from '../../core/policy';
import { PAGE_POLICY_EVENT, PAGE_REPORT_EVENT, parsePagePolicy, type PagePolicy } from '../page-report';
import { call } from './natives';

/**
 * The page world has no extension API
 * (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/scripting/ExecutionWorld):
 * it tells the isolated content script what it stopped with a DOM event, and learns from
 * it, once the background answered, whether this document is guarded at all (watch mode,
 * a paused tab) and whether the local network is (strict mode, or a local-network policy
 * of strip or block).
 */
const nativeDispatch = EventTarget.prototype.dispatchEvent;
const nativeAddListener = EventTarget.prototype.addEventListener;
const NativeCustomEvent = CustomEvent;

/** Until the background answers: guarded, with the default local-network policy (warn). */
let policy: PagePolicy = { passive: false, guardLocal: false };

export function currentPolicy(): PagePolicy {
  return policy;
}

/**
 * Reports go to the document the guard first installed into: its isolated script is
 * there, while a same-origin frame the page just made may not have one yet.
 */
let reportTo: Document | null = null;

export function listenForPolicy(doc: Document): void {
  reportTo ??= doc;
  call(nativeAddListener, doc, PAGE_POLICY_EVENT, (event: Event) => {
    const parsed = parsePagePolicy((event as CustomEvent<unknown>).detail);
    if (parsed) policy = parsed;
  });
}

export function report(doc: Document, url: string, action: GuardAction, findings: readonly Finding[]): void {
  const credentials = findings.map(({ kind, name, value }) => ({ kind, name, value }));
  const detail = JSON.stringify({ url, action, credentials });
  call(nativeDispatch, reportTo ?? doc, new NativeCustomEvent(PAGE_REPORT_EVENT, { detail }));
}
