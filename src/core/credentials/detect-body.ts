import type { Finding } from './findings';
import { valueShapeOf } from './value-shapes';
import { SECRET_FIELD_NAMES } from './vocabulary';

/** A request body as the browser hands it over: parsed form fields, or raw text. */
export interface BodyLike {
  /** Firefox's requestBody.formData: url-encoded and multipart forms, already parsed. */
  formData?: Record<string, string[]>;
  /** Raw text (JSON, url-encoded, multipart) with its content type when known. */
  text?: string;
  contentType?: string;
}

const NORMALISED_SECRET_FIELDS = new Set(SECRET_FIELD_NAMES);

/** Anti-forgery tokens travel in every form and authenticate nobody. */
const ANTI_FORGERY = /csrf|xsrf|authenticity|nonce/;
const SECRET_INFIX = /password|passwd|passphrase/;
const SECRET_SUFFIX = /(secret|apikey|privatekey|accesstoken|refreshtoken|authtoken|idtoken|sessiontoken)$/;

/** "new_password", "user[password]", "clientSecret": judged by the last segment of the name. */
export function isSecretFieldName(name: string): boolean {
  const last =
    name
      .split(/[[\].]/)
      .filter(Boolean)
      .pop() ?? name;
  const normalised = last.toLowerCase().replace(/[-_\s]/g, '');
  if (ANTI_FORGERY.test(normalised)) return false;
  return NORMALISED_SECRET_FIELDS.has(normalised) || SECRET_INFIX.test(normalised) || SECRET_SUFFIX.test(normalised);
}

function fieldFindings(fields: Iterable<[string, string]>): Finding[] {
  const findings: Finding[] = [];
  for (const [name, value] of fields) {
    if (value === '') continue;
    const shape = valueShapeOf(value);
    if (isSecretFieldName(name) || shape !== null) findings.push({ kind: 'body-field', name, shape, value });
  }
  return findings;
}

function* jsonFields(value: unknown, path: string, depth: number): Generator<[string, string]> {
  if (depth > 20) return;
  if (typeof value === 'string' || typeof value === 'number') {
    yield [path, String(value)];
  } else if (Array.isArray(value)) {
    for (const item of value) yield* jsonFields(item, path, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* jsonFields(item, key, depth + 1);
  }
}

function* multipartFields(text: string, contentType: string): Generator<[string, string]> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return;
  for (const part of text.split(`--${boundary}`)) {
    const [head, ...rest] = part.split(/\r?\n\r?\n/);
    const name = /name="([^"]*)"/i.exec(head ?? '')?.[1];
    if (name === undefined || /filename=/i.test(head ?? '')) continue;
    yield [name, rest.join('\n\n').replace(/\r?\n$/, '')];
  }
}

function* textFields(text: string, contentType: string): Generator<[string, string]> {
  const type = contentType.toLowerCase();
  const trimmed = text.trim();
  if (type.includes('multipart/form-data')) return yield* multipartFields(text, contentType);
  // Without a content type (Firefox's raw bytes), a multipart body announces its boundary.
  const boundary = /^--([^\r\n]{1,200})\r?\n/.exec(text)?.[1];
  if (type === '' && boundary) return yield* multipartFields(text, `multipart/form-data; boundary=${boundary}`);
  if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return yield* jsonFields(JSON.parse(trimmed), '', 0);
    } catch {
      // not JSON after all: try it as a form below
    }
  }
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(trimmed)) {
    yield* new URLSearchParams(trimmed);
  }
}

/** Secret-looking fields in a url-encoded, multipart or JSON body. */
export function findBodyCredentials(body: BodyLike): Finding[] {
  if (body.formData) {
    return fieldFindings(
      Object.entries(body.formData).flatMap(([name, values]) => values.map((v): [string, string] => [name, v])),
    );
  }
  if (body.text !== undefined) return fieldFindings(textFields(body.text, body.contentType ?? ''));
  return [];
}
