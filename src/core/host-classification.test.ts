import { describe, expect, it } from 'vitest';
import { classifyHost, normalizeHost } from './host-classification';

describe('normalizeHost', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com.', 'example.com'],
    ['  example.com ', 'example.com'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['[::1]', '[::1]'],
    ['[0:0:0:0:0:0:0:1]', '[::1]'],
    ['0x7f.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it.each(['', 'http://example.com', 'a/b', 'user@host', 'exa mple.com', '[::1', 'a?b'])('rejects %j', (input) => {
    expect(normalizeHost(input)).toBeNull();
  });
});

describe('classifyHost', () => {
  it.each([
    // loopback
    ['localhost', 'loopback'],
    ['LOCALHOST.', 'loopback'],
    ['app.localhost', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['[::1]', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['2130706433', 'loopback'],
    // local network
    ['10.0.0.1', 'local'],
    ['172.16.0.1', 'local'],
    ['172.31.255.255', 'local'],
    ['192.168.1.1', 'local'],
    ['169.254.169.254', 'local'],
    ['[fd12:3456::1]', 'local'],
    ['[fc00::1]', 'local'],
    ['[fe80::1]', 'local'],
    ['[::ffff:192.168.0.1]', 'local'],
    ['printer.local', 'local'],
    ['nas.home.arpa', 'local'],
    ['HOME.ARPA', 'local'],
    ['db.corp.internal', 'local'],
    ['intranet', 'local'],
    ['intranet.', 'local'],
    // public
    ['example.com', 'public'],
    ['EXAMPLE.com.', 'public'],
    ['bücher.de', 'public'],
    // special-use: not on the public web
    ['site.test', 'special'],
    ['SITE.TEST', 'special'],
    ['duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion', 'special'],
    ['www.site.i2p', 'special'],
    ['docs.example', 'special'],
    ['nothing.invalid', 'special'],
    ['gns.alt', 'special'],
    ['example.com.test.com', 'public'],
    ['onion.example.com', 'public'],
    ['172.15.0.1', 'public'],
    ['172.32.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['[2001:db8::1]', 'public'],
    ['localhost.example.com', 'public'],
    ['local.example.com', 'public'],
    ['internal.example.com', 'public'],
    ['127.0.0.1.nip.io', 'public'],
    ['notlocal', 'local'],
    ['', 'public'],
  ])('%s is %s', (host, expected) => {
    expect(classifyHost(host)).toBe(expected);
  });
});
