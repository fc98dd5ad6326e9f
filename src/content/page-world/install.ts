import { listenForPolicy } from './channel';
import { guardChildWindows } from './child-windows';
import { disguiseToString } from './disguise';
import { guardBeacon } from './guard-beacon';
import { guardFetch } from './guard-fetch';
import { guardFormSubmit } from './guard-form';
import { guardWebSocketConnect, guardWebSocketSend } from './guard-websocket';
import { guardXhr } from './guard-xhr';

const installed = new WeakSet<object>();

/** Installs the page-world guard into a window of this origin (its own, or a same-origin child's). */
export function installPageGuard(scope: typeof globalThis): void {
  if (installed.has(scope)) return;
  const doc = scope.document; // throws for a window of another origin: nothing to do there
  installed.add(scope);
  listenForPolicy(doc);
  disguiseToString(scope);
  if (typeof scope.WebSocket === 'function') {
    if (__BROWSER__ === 'chrome') guardWebSocketConnect(scope, doc);
    guardWebSocketSend(scope, doc);
  }
  if (__BROWSER__ === 'chrome') {
    if (typeof scope.fetch === 'function') guardFetch(scope, doc);
    if (typeof scope.XMLHttpRequest === 'function') guardXhr(scope, doc);
    guardBeacon(scope, doc);
  }
  guardFormSubmit(scope, doc);
  guardChildWindows(scope, (child) => installPageGuard(child as unknown as typeof globalThis));
}
