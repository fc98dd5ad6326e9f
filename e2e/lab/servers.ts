import { constants } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createLabCertificates } from './certificates';
import { createCaptivePortal, type CaptivePortal } from './captive-portal';
import { ALL_LAB_HOSTS, LAB_HOSTS, SLOW_HANDSHAKE_MS, TLS_BEHAVIOURS, type TlsBehaviour } from './hosts';
import {
  blankPage,
  manyPage,
  mixedPage,
  partsPage,
  formPage,
  framePage,
  landingPage,
  linkPage,
  loginPage,
  pixel,
  receivedPage,
  resourcesPage,
  scriptedLoginPage,
  toggleLoginPage,
  WORKER_SCRIPT,
  type Scheme,
} from './pages';
import { TrafficLog, type Listener } from './traffic-log';

export interface LabOptions {
  /** Folder for the run's certificates. */
  dir: string;
  /** 0 picks a free port (Chromium maps default ports itself); Firefox needs 80 and 443. */
  httpPort?: number;
  httpsPort?: number;
  /**
   * A second plain-http listener, for LAB_HOSTS.port on its own port (Firefox cannot map
   * ports, so it needs PORT_HOST_PORT; 0 picks one).
   */
  altHttpPort?: number;
  /** Extra HTML shown above the resources table of the demo page. */
  demoIntro?: string;
}

export interface Lab {
  log: TrafficLog;
  /**
   * Changes how the HTTPS listener treats a host from now on (e.g. makes flaky.test fail),
   * closing its open TLS connections so the browser cannot reuse them.
   */
  setTlsBehaviour(host: string, behaviour: TlsBehaviour): void;
  /** The port of the second plain-http listener (LAB_HOSTS.port's). */
  altHttpPort: number;
  /** A captive portal in front of LAB_HOSTS.portalGate until its login form is posted. */
  lockPortal(): void;
  httpPort: number;
  httpsPort: number;
  caPemPath: string;
  /** http://127.0.0.1[:port], the cleartext listener reached by address (loopback). */
  loopbackOrigin: string;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const listenerOf = (scheme: Scheme): Listener => (scheme === 'https' ? 'tls' : 'cleartext');

/** What hsts.test sends over HTTPS. */
export const HSTS_HEADER = 'max-age=31536000; includeSubDomains';

/** The host the browser asked for (the Host header without its port). */
const requestHost = (req: http.IncomingMessage): string => (req.headers.host ?? '').replace(/:\d+$/, '');

function handler(scheme: Scheme, log: TrafficLog, options: LabOptions, portal: CaptivePortal): http.RequestListener {
  const listener = listenerOf(scheme);
  return async (req, res) => {
    const body = await readBody(req);
    const host = requestHost(req);
    log.addRequest({
      listener,
      kind: 'http',
      method: req.method ?? 'GET',
      host,
      target: req.url ?? '/',
      headers: req.headers,
      body,
    });
    const url = new URL(req.url ?? '/', `${scheme}://${host || 'lab'}`);
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const send = (status: number, type: string, content: string | Buffer, extra: Record<string, string> = {}) => {
      const sts: Record<string, string> =
        scheme === 'https' && host === LAB_HOSTS.hsts ? { 'strict-transport-security': HSTS_HEADER } : {};
      res.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'x-served-over': scheme,
        ...sts,
        ...extra,
      });
      res.end(content);
    };
    const html = (content: string) => send(200, 'text/html; charset=utf-8', content);
    if (portal.intercept({ scheme, host, method: req.method ?? 'GET', url, send })) return;
    if (scheme === 'https' && host === LAB_HOSTS.loop) {
      // Back to http, every time: a downgrade loop.
      return send(301, 'text/plain', 'moved', { location: `http://${host}${url.pathname}${url.search}` });
    }
    // HTTP authentication; /basic-auth/<realm> asks in a realm (and a path) of its own,
    // so no login a browser cached for another test is sent before it asks.
    const basicAuth = (realm: string) => {
      if (!req.headers.authorization) {
        return send(401, 'text/plain', 'credentials needed', { 'www-authenticate': `Basic realm="${realm}"` });
      }
      return html(receivedPage(scheme, 0));
    };
    if (url.pathname.startsWith('/basic-auth/')) return basicAuth(url.pathname.slice('/basic-auth/'.length));
    switch (url.pathname) {
      case '/':
        if (host === LAB_HOSTS.demo) {
          return html(resourcesPage(scheme, LAB_HOSTS.site, options.demoIntro, 'demo'));
        }
        return html(landingPage(scheme, host));
      case '/landing':
        return html(landingPage(scheme, host));
      case '/page/link':
        return html(linkPage(scheme));
      case '/page/form':
        return html(formPage(scheme));
      case '/page/resources':
        return html(resourcesPage(scheme, q('origin')));
      case '/submit':
      case '/login':
        return html(receivedPage(scheme, body.length));
      case '/page/blank':
        return html(blankPage(scheme));
      case '/page/parts':
        return html(
          partsPage(scheme, {
            img: url.searchParams.get('img') ?? undefined,
            script: url.searchParams.get('script') ?? undefined,
            style: url.searchParams.get('style') ?? undefined,
          }),
        );
      case '/page/many':
        return html(
          manyPage(scheme, {
            origin: q('origin') || host,
            n: Number(q('n') || '1'),
            marker: q('m'),
            partScheme: q('parts') === 'http' ? 'http' : 'https',
            kinds: q('kinds') === 'all' ? 'all' : 'img',
          }),
        );
      case '/page/mixed': {
        // csp: the page's own Content-Security-Policy, which the extension must not weaken.
        const csp = q('csp');
        const parts = q('parts') === 'https' ? 'https' : 'http';
        const body = mixedPage(scheme, q('origin') || LAB_HOSTS.site, Number(q('n') || '1'), q('m'), q('extra'), parts);
        return send(200, 'text/html; charset=utf-8', body, csp ? { 'content-security-policy': csp } : {});
      }
      case '/style.css':
        return send(200, 'text/css', 'body { --lab-style: 1; }');
      case '/page/frame':
        return html(framePage(scheme));
      case '/page/login-scripted':
        return html(scriptedLoginPage(scheme, q('mode')));
      case '/page/login':
        return html(loginPage(scheme));
      case '/page/login-toggle':
        return html(toggleLoginPage(scheme));
      case '/worker.js':
        return send(200, 'text/javascript', WORKER_SCRIPT);
      case '/redirect':
        // Where a page (or an attacker on the path) sends the browser next.
        return send(302, 'text/plain', 'moved', { location: q('to') });
      case '/basic-auth':
        return basicAuth('lab');
      case '/pixel.png':
        return send(200, 'image/png', pixel(scheme));
      case '/script.js':
        return send(200, 'text/javascript', `window.__labScript = ${JSON.stringify(scheme)};`);
      case '/echo':
        return send(200, 'application/json', JSON.stringify({ scheme, method: req.method }), {
          'access-control-allow-origin': '*',
        });
      case '/beacon':
        return send(204, 'text/plain', '');
      default:
        return send(404, 'text/plain', 'not found');
    }
  };
}

function attachWebSockets(server: http.Server, scheme: Scheme, log: TrafficLog): WebSocketServer {
  const listener = listenerOf(scheme);
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const host = requestHost(req);
    const target = req.url ?? '/';
    log.addRequest({ listener, kind: 'ws-open', method: 'GET', host, target, headers: req.headers, body: '' });
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ scheme }));
      ws.on('message', (data) => {
        const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
        log.addRequest({ listener, kind: 'ws-message', method: 'WS', host, target, headers: {}, body: text });
        ws.send(text);
      });
    });
  });
  return wss;
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * The cleartext listener is a TCP relay in front of the http server, recording every
 * byte a browser sends in the clear: what a passive observer on the network would see.
 */
function cleartextRelay(log: TrafficLog, backendPort: () => number): net.Server {
  return net.createServer((client) => {
    const backend = net.connect(backendPort(), '127.0.0.1');
    client.on('data', (chunk: Buffer) => log.addCleartextBytes(chunk));
    client.pipe(backend).pipe(client);
    const end = () => {
      client.destroy();
      backend.destroy();
    };
    client.on('error', end);
    backend.on('error', end);
    client.on('close', end);
    backend.on('close', end);
  });
}

export async function startLab(options: LabOptions): Promise<Lab> {
  const log = new TrafficLog();
  const certs = createLabCertificates(options.dir, ALL_LAB_HOSTS);
  const tlsBehaviours = new Map(Object.entries(TLS_BEHAVIOURS));
  const portal = createCaptivePortal((host, behaviour) => tlsBehaviours.set(host, behaviour));
  const plain = http.createServer(handler('http', log, options, portal));
  // No session resumption: a resumed session skips the certificate, and a test that makes
  // a host fail must see the new certificate on the next connection.
  const secureOptions = constants.SSL_OP_NO_TICKET;
  const contexts = {
    ok: tls.createSecureContext({ key: certs.key, cert: certs.cert, secureOptions }),
    untrusted: tls.createSecureContext({ ...certs.untrusted, secureOptions }),
    'wrong-name': tls.createSecureContext({ ...certs.wrongName, secureOptions }),
  };
  const secure = https.createServer(
    {
      key: certs.key,
      cert: certs.cert,
      secureOptions,
      SNICallback: (servername, done) => {
        log.addTlsHandshake(servername);
        const behaviour = tlsBehaviours.get(servername) ?? 'ok';
        if (behaviour === 'hang') return; // never answer the handshake
        if (behaviour === 'slow') return void setTimeout(() => done(null, contexts.ok), SLOW_HANDSHAKE_MS);
        if (behaviour === 'refuse') return done(new Error('no TLS for this name'));
        done(null, contexts[behaviour]);
      },
    },
    handler('https', log, options, portal),
  );
  const sockets = [attachWebSockets(plain, 'http', log), attachWebSockets(secure, 'https', log)];
  const plainPort = await listen(plain, 0);
  const relay = cleartextRelay(log, () => plainPort);
  const httpPort = await listen(relay, options.httpPort ?? 0);
  const httpsPort = await listen(secure, options.httpsPort ?? 0);
  const altRelay = cleartextRelay(log, () => plainPort);
  const altHttpPort = await listen(altRelay, options.altHttpPort ?? 0);
  const openTls = new Set<tls.TLSSocket>();
  secure.on('secureConnection', (socket: tls.TLSSocket) => {
    openTls.add(socket);
    socket.on('close', () => openTls.delete(socket));
  });
  return {
    log,
    setTlsBehaviour(host, behaviour) {
      tlsBehaviours.set(host, behaviour);
      for (const socket of openTls) {
        if ((socket as tls.TLSSocket & { servername?: string }).servername === host) socket.destroy();
      }
    },
    lockPortal: () => portal.lock(),
    altHttpPort,
    httpPort,
    httpsPort,
    caPemPath: certs.caPemPath,
    loopbackOrigin: httpPort === 80 ? 'http://127.0.0.1' : `http://127.0.0.1:${httpPort}`,
    async close() {
      for (const wss of sockets) for (const client of wss.clients) client.terminate();
      await Promise.all(
        [plain, secure, relay, altRelay].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
