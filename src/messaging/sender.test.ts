import { describe, expect, it } from 'vitest';
import { isContentScriptSender, isExtensionPageSender, isOwnPageUrl } from './sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const DYNAMIC = 'chrome-extension://41052b99-8e04-4552-9d46-69141e016cbe/';

describe('isExtensionPageSender', () => {
  it.each([
    [{ id: ID, url: `${ORIGIN}src/popup/index.html` }, true],
    [{ id: ID, url: `${ORIGIN}src/popup/index.html`, origin: ORIGIN.slice(0, -1) }, true],
    [{ id: ID, url: 'https://evil.example/' }, false],
    [{ id: ID, url: `${ORIGIN}x`, origin: 'https://evil.example' }, false],
    [{ id: 'other', url: `${ORIGIN}x` }, false],
    [{ id: ID }, false],
    [{ url: `${ORIGIN}x` }, false],
    [{ id: ID, url: `chrome-extension://${ID}.evil.example/` }, false],
    [{ id: ID, url: 'not a url' }, false],
    // Chrome's per-session id for web-accessible pages is the extension's too.
    [{ id: ID, url: `${DYNAMIC}src/interstitial/index.html` }, true],
  ])('%j -> %s', (sender, expected) => {
    expect(isExtensionPageSender(sender, ID, [ORIGIN, DYNAMIC])).toBe(expected);
  });
});

describe('isContentScriptSender', () => {
  it.each([
    [{ id: ID, url: 'http://a.test/', tab: { id: 4 } }, true],
    [{ id: ID, url: 'https://a.test/', tab: { id: 4 } }, true],
    [{ id: ID, url: `${ORIGIN}x`, tab: { id: 4 } }, false],
    [{ id: ID, url: 'http://a.test/' }, false],
    [{ id: 'other', url: 'http://a.test/', tab: { id: 4 } }, false],
    [{ id: ID, url: 'http://a.test/', tab: { id: -1 } }, false],
  ])('%j -> %s', (sender, expected) => {
    expect(isContentScriptSender(sender, ID)).toBe(expected);
  });
});

describe('isOwnPageUrl', () => {
  const origins = [ORIGIN, DYNAMIC];
  it.each([
    [`${ORIGIN}src/interstitial/index.html`, true],
    [`${DYNAMIC}src/interstitial/index.html#failure=x`, true],
    [`${ORIGIN}src/interstitial/index.html.evil`, false],
    [`${ORIGIN}src/popup/index.html`, false],
    ['https://evil.example/src/interstitial/index.html', false],
    [`chrome-extension://other/src/interstitial/index.html`, false],
  ])('%s -> %s', (url, expected) => {
    expect(isOwnPageUrl(url, origins, '/src/interstitial/index.html')).toBe(expected);
  });
});
