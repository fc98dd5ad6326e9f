/**
 * How a refused request fails: like the network failing, in the browser's own words, so
 * the page sees what it would see offline and learns nothing about the guard.
 */
export const NETWORK_ERROR_MESSAGE =
  __BROWSER__ === 'firefox' ? 'NetworkError when attempting to fetch resource.' : 'Failed to fetch';

export function networkError(scope: typeof globalThis): TypeError {
  return new scope.TypeError(NETWORK_ERROR_MESSAGE);
}

export function xhrNetworkError(scope: typeof globalThis): DOMException {
  return new scope.DOMException("Failed to execute 'send' on 'XMLHttpRequest': Failed to load.", 'NetworkError');
}
