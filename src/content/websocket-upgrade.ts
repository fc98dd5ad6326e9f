/**
 * Chrome only, MAIN world, document_start, every frame. Chrome's declarative rules cannot
 * upgrade ws:// (upgradeScheme is ignored for websockets), so this rewrites the URL given
 * to `new WebSocket()` before the connection opens. A page can undo this by keeping its
 * own reference to the native constructor; the declarative block rule for ws:// then
 * stops the connection instead, so nothing leaves in cleartext either way.
 *
 * Built as a classic script (vite.config.ts) so it runs synchronously, before any page
 * script, and imports nothing from the extension API (it has none in the MAIN world).
 */
import { websocketTarget } from '../core/websocket-upgrade';

const MARK = Symbol.for('cleartext-guard.websocket');

function install(): void {
  const scope = globalThis as typeof globalThis & { [MARK]?: true };
  if (scope[MARK] || typeof scope.WebSocket !== 'function') return;
  const Native = scope.WebSocket;
  const Guarded: typeof WebSocket = new Proxy(Native, {
    construct(target, args: unknown[], newTarget: NewableFunction) {
      const [url, ...rest] = args;
      if (typeof url === 'string' || url instanceof URL) {
        // The local-network choice is not readable synchronously here: keep local targets
        // as they are and let the declarative rules decide.
        const upgraded = websocketTarget(String(url), document.baseURI, false);
        if (upgraded !== null) args = [upgraded, ...rest];
      }
      return Reflect.construct(target, args, newTarget === Guarded ? target : newTarget) as object;
    },
  });
  Object.defineProperty(scope, MARK, { value: true });
  scope.WebSocket = Guarded;
}

install();
