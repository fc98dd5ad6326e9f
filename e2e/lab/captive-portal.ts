import { LAB_HOSTS, type TlsBehaviour } from './hosts';
import { escapeHtml } from './pages';

/**
 * A captive portal, as hotel and train Wi-Fi run one: while it is locked, every http
 * request to the gate host answers 302 to the portal's own login page, and every TLS
 * handshake to the gate or the portal gets the portal's certificate (untrusted). Posting
 * the login form opens the network: the gate serves itself again, over https too, and the
 * portal sends the browser back where it came from.
 */
export interface CaptivePortal {
  lock(): void;
  readonly locked: boolean;
  /** Answers a request the portal intercepts; false for one it lets through. */
  intercept(request: PortalRequest): boolean;
}

export interface PortalRequest {
  scheme: 'http' | 'https';
  host: string;
  method: string;
  url: URL;
  send(status: number, type: string, content: string, extra?: Record<string, string>): void;
}

const { portalGate, portalLogin, portalDetect } = LAB_HOSTS;

/** What Firefox's detection expects from its canonical address on an open network. */
export const PORTAL_CANONICAL_CONTENT = 'success\n';

function loginPage(from: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wi-Fi login</title></head>
<body><h1>Welcome to Lab Wi-Fi</h1><form id="login" method="post" action="/login?from=${encodeURIComponent(from)}">
<input name="room" value="101"><input id="password" type="password" name="password">
<button id="submit" type="submit">Connect</button></form><p id="from">${escapeHtml(from)}</p></body></html>`;
}

export function createCaptivePortal(setTls: (host: string, behaviour: TlsBehaviour) => void): CaptivePortal {
  let locked = false;
  return {
    get locked() {
      return locked;
    },
    lock() {
      locked = true;
      setTls(portalGate, 'untrusted');
      setTls(portalLogin, 'untrusted');
    },
    intercept({ scheme, host, method, url, send }) {
      if (scheme !== 'http' || !([portalGate, portalLogin, portalDetect] as string[]).includes(host)) return false;
      if (host === portalDetect && !locked) {
        send(200, 'text/plain', PORTAL_CANONICAL_CONTENT);
        return true;
      }
      if (host === portalGate || host === portalDetect) {
        if (!locked) return false;
        const from = `http://${host}${url.pathname}${url.search}`;
        send(302, 'text/plain', 'log in first', {
          location: `http://${portalLogin}/login?from=${encodeURIComponent(from)}`,
        });
        return true;
      }
      if (url.pathname !== '/login') return false;
      const from = url.searchParams.get('from') ?? `http://${portalGate}/`;
      if (method !== 'POST') {
        send(200, 'text/html; charset=utf-8', loginPage(from));
        return true;
      }
      locked = false;
      setTls(portalGate, 'ok');
      send(302, 'text/plain', 'connected', { location: from });
      return true;
    },
  };
}
