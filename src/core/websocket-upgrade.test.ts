import { describe, expect, it } from 'vitest';
import { websocketTarget } from './websocket-upgrade';

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
    expect(websocketTarget(target, page, false)).toBe(expected);
  });

  it('upgrades the local network when asked to, never loopback', () => {
    expect(websocketTarget('ws://printer.local/', 'https://site.test/', true)).toBe('wss://printer.local/');
    expect(websocketTarget('ws://localhost/', 'https://site.test/', true)).toBeNull();
  });
});
