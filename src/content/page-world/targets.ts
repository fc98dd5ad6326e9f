import { sendDecision, type SendDecision } from '../../core/page-send-policy';
import { upgradedUrl } from '../../core/upgrade-detection';
import { parseUrl } from '../../core/url';
import { tagOf } from './body-text';
import { currentPolicy } from './channel';
import { call, getOwnPropertyDescriptor } from './natives';

const baseUriOf = getOwnPropertyDescriptor(Node.prototype, 'baseURI')?.get as (this: Node) => string;
const documentUrlOf = getOwnPropertyDescriptor(Document.prototype, 'URL')?.get as (this: Document) => string;

/**
 * The page a request comes from: the document's own address, or, for a document that
 * has none of the web (about:blank, srcdoc), the one it inherited its origin from.
 */
export function pageUrlOf(doc: Document): string {
  const own = call(documentUrlOf, doc);
  return /^https?:/.test(own) ? own : call(baseUriOf, doc);
}
const hrefOf = getOwnPropertyDescriptor(URL.prototype, 'href')?.get as (this: URL) => string;
const requestUrlOf = getOwnPropertyDescriptor(Request.prototype, 'url')?.get as (this: Request) => string;

/** Where a request from this document goes, and what the guard does about its credentials. */
export interface Target {
  url: URL;
  decision: SendDecision;
  /** The https twin, for an "upgrade" decision. */
  secureUrl: string | null;
  /** The host of the page the request comes from. */
  pageHost: string;
}

/** The address a fetch input or an XHR/beacon/WebSocket argument names, as the browser reads it. */
export function addressOf(input: unknown): string {
  const tag = tagOf(input);
  if (tag === 'URL') return call(hrefOf, input);
  if (tag === 'Request') return call(requestUrlOf, input);
  return String(input);
}

export function targetOf(address: string, doc: Document): Target | null {
  const url = parseUrl(address, call(baseUriOf, doc));
  if (!url) return null;
  const page = pageUrlOf(doc);
  const decision = sendDecision(url, page, currentPolicy());
  const pageHost = parseUrl(page)?.hostname ?? '';
  return { url, decision, secureUrl: decision === 'upgrade' ? upgradedUrl(url.href) : null, pageHost };
}

/** Whether a secret body (or WebSocket message) to this cleartext target is stopped. */
export function stopsBodies(target: Target): boolean {
  return !isOwnHost(target) || (currentPolicy().ownHost?.bodies ?? true);
}

/** Whether unlisted credential headers to this cleartext target are left out. */
export function stopsHeaders(target: Target): boolean {
  return !isOwnHost(target) || (currentPolicy().ownHost?.headers ?? true);
}

function isOwnHost(target: Target): boolean {
  return target.url.hostname === target.pageHost;
}

/** Requests the guard leaves to the browser (and the declarative rules). */
export function untouched(target: Target | null): boolean {
  return target === null || target.decision === 'as-is' || currentPolicy().passive;
}
