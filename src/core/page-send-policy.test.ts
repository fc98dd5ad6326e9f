import { describe, expect, it } from 'vitest';
import { bodyTarget, websocketTarget } from './page-send-policy';

/** The tests' .test names stand for public sites: upgraded like them. */
const TEST_NAMES_PUBLIC = { upgradeSpecial: true };

describe('websocketTarget', () => {
  it.each([
    ['ws://site.test/ws?x=1', 'https://site.test/', 'wss://site.test/ws?x=1'],
    ['ws://site.test:8080/ws', 'https://other.test/', 'wss://site.test:8080/ws'],
    ['http://site.test/ws', 'https://other.test/', 'wss://site.test/ws'],
    ['/ws', 'http://plain.test/page', null],
    ['ws://plain.test/ws', 'http://plain.test/page', null],
    ['ws://site.test/ws', 'http://plain.test/page', 'wss://site.test/ws'],
    ['wss://site.test/ws', 'http://plain.test/', null],
    ['ws://127.0.0.1:9222/', 'http://site.test/', null],
    ['ws://localhost:3000/', 'http://site.test/', null],
    ['ws://printer.local/', 'http://site.test/', null],
    ['ws://[::1]/', 'https://site.test/', null],
    ['ws://[bad', 'https://site.test/', null],
    ['https://site.test/already-secure', 'http://plain.test/', null],
  ])('%s on %s -> %s', (target, page, expected) => {
    expect(websocketTarget(target, page, TEST_NAMES_PUBLIC)).toBe(expected);
  });
});

describe('bodyTarget', () => {
  it.each([
    ['http://site.test/api', 'http://plain.test/', { url: 'https://site.test/api' }],
    ['/api', 'http://plain.test/page', null],
    ['http://plain.test/api', 'http://plain.test/page', null],
    ['https://plain.test/api', 'http://plain.test/page', { url: 'https://plain.test/api' }],
    ['http://nas.home.arpa/api', 'http://plain.test/', { url: 'http://nas.home.arpa/api' }],
    ['http://localhost:8080/api', 'http://plain.test/', { url: 'http://localhost:8080/api' }],
    ['/api', 'https://site.test/', { url: '/api' }],
  ])('%s on %s -> %j', (target, page, expected) => {
    expect(bodyTarget(target, page, TEST_NAMES_PUBLIC)).toEqual(expected);
  });
});

describe('the local network, when its policy stops credentials (guardLocal)', () => {
  it.each([
    ['http://nas.home.arpa/api', 'http://plain.test/', false, { url: 'http://nas.home.arpa/api' }],
    ['http://nas.home.arpa/api', 'http://plain.test/', true, null],
    ['http://192.168.1.5/api', 'https://site.test/', true, null],
    ['http://localhost:8080/api', 'http://plain.test/', true, { url: 'http://localhost:8080/api' }],
    ['http://site.test/api', 'http://plain.test/', true, { url: 'https://site.test/api' }],
  ] as const)('%s on %s (guardLocal %s) -> %j', (target, page, guardLocal, expected) => {
    expect(bodyTarget(target, page, { ...TEST_NAMES_PUBLIC, guardLocal })).toEqual(expected);
  });

  it('keeps a local WebSocket on ws:// either way (the rules and the message guard decide)', () => {
    expect(websocketTarget('ws://nas.home.arpa/ws', 'http://plain.test/', { guardLocal: true })).toBeNull();
  });
});

describe('names that are not on the public web (default: left on http, guarded)', () => {
  it.each([
    ['http://hidden.onion/api', 'https://www.example.com/', null],
    ['http://site.test/api', 'http://plain.test/', null],
    ['http://www.example.com/api', 'http://hidden.onion/', { url: 'https://www.example.com/api' }],
  ] as const)('a secret body to %s from %s -> %j', (target, page, expected) => {
    expect(bodyTarget(target, page)).toEqual(expected);
  });

  it('leaves their WebSockets on ws:// unless the user upgrades them', () => {
    expect(websocketTarget('ws://hidden.onion/ws', 'https://www.example.com/')).toBeNull();
    expect(websocketTarget('ws://hidden.onion/ws', 'https://www.example.com/', { upgradeSpecial: true })).toBe(
      'wss://hidden.onion/ws',
    );
  });
});
