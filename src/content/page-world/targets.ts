import { sendDecision, type SendDecision } from '../../core/page-send-policy';
import { upgradedUrl } from '../../core/upgrade-detection';
import { parseUrl } from '../../core/url';
import { tagOf } from './body-text';
import { currentPolicy } from './channel';
import { call, getOwnPropertyDescriptor } from './natives';

const baseUriOf = getOwnPropertyDescriptor(Node.prototype, 'baseURI')?.get as (this: Node) => string;
const hrefOf = getOwnPropertyDescriptor(URL.prototype, 'href')?.get as (this: URL) => string;
const requestUrlOf = getOwnPropertyDescriptor(Request.prototype, 'url')?.get as (this: Request) => string;

/** Where a request from this document goes, and what the guard does about its credentials. */
export interface Target {
  url: URL;
  decision: SendDecision;
  /** The https twin, for an "upgrade" decision. */
  secureUrl: string | null;
}

/** The address a fetch input or an XHR/beacon/WebSocket argument names, as the browser reads it. */
export function addressOf(input: unknown): string {
  const tag = tagOf(input);
  if (tag === 'URL') return call(hrefOf, input);
  if (tag === 'Request') return call(requestUrlOf, input);
  return String(input);
}

export function targetOf(address: string, doc: Document): Target | null {
  const base = call(baseUriOf, doc);
  const url = parseUrl(address, base);
  if (!url) return null;
  const decision = sendDecision(url, base, currentPolicy().guardLocal);
  return { url, decision, secureUrl: decision === 'upgrade' ? upgradedUrl(url.href) : null };
}

/** Requests the guard leaves to the browser (and the declarative rules). */
export function untouched(target: Target | null): boolean {
  return target === null || target.decision === 'as-is' || currentPolicy().passive;
}
