import { describe, expect, it } from 'vitest';
import type { WebRequest } from '../platform/extension-api';
import { bodyFindings, siteOf } from './request-facts';

type RequestBody = WebRequest.OnBeforeRequestDetailsTypeRequestBodyType;

/** A body as webRequest hands it over: each part's bytes in an ArrayBuffer of its own. */
const rawBody = (...parts: (string | { file: string })[]): RequestBody => ({
  raw: parts.map((part) =>
    typeof part === 'string' ? { bytes: new TextEncoder().encode(part).slice().buffer } : part,
  ),
});

/** Firefox's parsed form: every field a list of values (the polyfill's type says string). */
const formBody = (fields: Record<string, string[]>): RequestBody => ({
  formData: fields as unknown as Record<string, string>,
});

describe('siteOf', () => {
  it('is the navigation’s own host for a page', () => {
    expect(
      siteOf({ type: 'main_frame', url: 'http://plain.example.com/login', initiator: 'https://search.example.org' }),
    ).toBe('plain.example.com');
  });

  it('is the requesting document’s host for a part, preferring documentUrl, then initiator, then originUrl', () => {
    const part = { type: 'xmlhttprequest', url: 'http://api.example.net/items' };
    expect(
      siteOf({
        ...part,
        documentUrl: 'https://frame.example.com/embed',
        initiator: 'https://shop.example.com',
        originUrl: 'https://origin.example.com/script.js',
      }),
    ).toBe('frame.example.com');
    expect(
      siteOf({ ...part, initiator: 'https://shop.example.com', originUrl: 'https://origin.example.com/script.js' }),
    ).toBe('shop.example.com');
    expect(siteOf({ ...part, originUrl: 'https://origin.example.com/script.js' })).toBe('origin.example.com');
  });

  it('is empty for a part with no known page (the background’s own request)', () => {
    expect(siteOf({ type: 'image', url: 'http://api.example.net/pixel.gif' })).toBe('');
    expect(siteOf({ type: 'sub_frame', url: 'http://api.example.net/', initiator: 'null' })).toBe('');
  });
});

describe('bodyFindings', () => {
  it('finds nothing without a body', () => {
    expect(bodyFindings(undefined)).toEqual([]);
    expect(bodyFindings({})).toEqual([]);
  });

  it('finds secret fields in parsed form data', () => {
    expect(bodyFindings(formBody({ username: ['ann'], password: ['hunter2'], remember: ['1'] }))).toEqual([
      { kind: 'body-field', name: 'password', shape: null, value: 'hunter2' },
    ]);
  });

  it('finds nothing in a form without secrets', () => {
    expect(bodyFindings(formBody({ q: ['shoes'], page: ['2'] }))).toEqual([]);
  });

  it('reads the parsed form, not the raw bytes, when the browser gives both', () => {
    const body = { ...formBody({ q: ['shoes'] }), ...rawBody('password=hunter2') };
    expect(bodyFindings(body)).toEqual([]);
  });

  it('decodes raw bytes as one text, a secret split over two parts included', () => {
    expect(bodyFindings(rawBody('{"user":"ann","pass', 'word":"hunter2"}'))).toEqual([
      { kind: 'body-field', name: 'password', shape: null, value: 'hunter2' },
    ]);
    expect(bodyFindings(rawBody('user=ann&client_secret=s3cr3t-value'))).toEqual([
      { kind: 'body-field', name: 'client_secret', shape: null, value: 's3cr3t-value' },
    ]);
  });

  it('decodes UTF-8 across part boundaries', () => {
    const bytes = new TextEncoder().encode('{"pin":"ü1234"}');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ü"
    const body: RequestBody = { raw: [{ bytes: bytes.slice(0, cut).buffer }, { bytes: bytes.slice(cut).buffer }] };
    expect(bodyFindings(body)).toEqual([{ kind: 'body-field', name: 'pin', shape: null, value: 'ü1234' }]);
  });

  it('skips file parts and finds nothing in a body of files only', () => {
    expect(bodyFindings(rawBody({ file: '/home/ann/passwords.txt' }))).toEqual([]);
    expect(bodyFindings({ raw: [] })).toEqual([]);
    expect(bodyFindings(rawBody({ file: '/tmp/a.bin' }, 'password=hunter2'))).toEqual([
      { kind: 'body-field', name: 'password', shape: null, value: 'hunter2' },
    ]);
  });
});
