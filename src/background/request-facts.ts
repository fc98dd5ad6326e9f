import { findBodyCredentials } from '../core/credentials/detect-body';
import type { Finding } from '../core/credentials/findings';
import { hostnameOf } from '../core/url';
import type { WebRequest } from '../platform/extension-api';

/** The host of the page that made a request (the request's own host for navigations). */
export function siteOf(details: {
  type: string;
  url: string;
  initiator?: string;
  documentUrl?: string;
  originUrl?: string;
}): string {
  const source =
    details.type === 'main_frame' ? details.url : (details.documentUrl ?? details.initiator ?? details.originUrl);
  return hostnameOf(source);
}

/** Secret fields in a request body as webRequest hands it over (parsed form data or raw bytes). */
export function bodyFindings(body: WebRequest.OnBeforeRequestDetailsTypeRequestBodyType | undefined): Finding[] {
  if (!body) return [];
  if (body.formData) return findBodyCredentials({ formData: body.formData as unknown as Record<string, string[]> });
  const bytes = (body.raw ?? []).flatMap((part) => (part.bytes ? [new Uint8Array(part.bytes as ArrayBuffer)] : []));
  if (bytes.length === 0) return [];
  const joined = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const part of bytes) {
    joined.set(part, offset);
    offset += part.length;
  }
  return findBodyCredentials({ text: new TextDecoder().decode(joined) });
}
