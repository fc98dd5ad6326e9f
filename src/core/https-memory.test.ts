import { describe, expect, it } from 'vitest';
import { knowsHttps, parseHsts, rememberHttpsHost } from './https-memory';

describe('https memory', () => {
  it('remembers hosts and forgets the least recently seen beyond the cap', () => {
    let memory = {};
    for (let i = 0; i < 5; i++) memory = rememberHttpsHost(memory, `h${i}.test`, i, 3);
    memory = rememberHttpsHost(memory, 'h2.test', 10, 3);
    expect(Object.keys(memory).sort()).toEqual(['h2.test', 'h3.test', 'h4.test']);
    expect(knowsHttps(memory, 'h2.test')).toBe(true);
    expect(knowsHttps(memory, 'h0.test')).toBe(false);
  });
});

describe('parseHsts', () => {
  it.each([
    ['max-age=31536000; includeSubDomains; preload', { maxAge: 31536000, includeSubDomains: true, preload: true }],
    ['max-age="600"', { maxAge: 600, includeSubDomains: false, preload: false }],
    ['MAX-AGE=0', { maxAge: 0, includeSubDomains: false, preload: false }],
    ['includeSubDomains', { maxAge: null, includeSubDomains: true, preload: false }],
    ['', { maxAge: null, includeSubDomains: false, preload: false }],
  ])('%j', (value, expected) => {
    expect(parseHsts(value)).toEqual(expected);
  });
});
