/**
 * The lab's host names. Each resolves to loopback inside the test browsers only
 * (Chromium: --host-resolver-rules; Firefox: network.dns.localDomains).
 *
 * Most are under .test, a special-use name the extension leaves on http by default: the
 * guarded browsers' settings (LAB_SETTINGS) upgrade them like public names. What runs on
 * the default settings (a fresh install, an administrator's policy) uses `publicName`.
 */
export const LAB_HOSTS = {
  /** A name under no special-use suffix: upgraded with the default settings. */
  publicName: 'first.cglab',
  /** A Tor onion service's name (special-use: left on http by default). */
  onion: 'hidden.onion',
  /** An ordinary public-looking site with working HTTPS: everything to it is upgraded. */
  site: 'site.test',
  /** A second ordinary site, for cross-origin requests. */
  cross: 'cross.test',
  /** A host the guarded browser has an exception for: stays on http. */
  plain: 'plain.test',
  /** A local-network name: not upgraded by default. */
  local: 'nas.home.arpa',
  /** The demo site of `npm start` (an exception, so its page stays on http). */
  demo: 'demo.test',
  /** HTTPS failures, one host each (see TLS_BEHAVIOURS); plain http works on all of them. */
  refused: 'refused.test',
  untrusted: 'untrusted.test',
  wrongName: 'wrongname.test',
  hang: 'hang.test',
  /** Answers the TLS handshake, but only after SLOW_HANDSHAKE_MS. */
  slow: 'slow.test',
  loop: 'loop.test',
  /** Works over HTTPS until a test makes it fail (a "suspicious" failure). */
  flaky: 'flaky.test',
  /** Visited in private windows only (private-windows.spec.ts); HTTPS works until the test breaks it. */
  privateSite: 'private.test',
  /** Behind the lab's captive portal while it is locked (e2e/lab/captive-portal.ts). */
  portalGate: 'wifi.test',
  /** The captive portal's own login host. */
  portalLogin: 'login.portal.test',
  /** Where Firefox's captive-portal detection asks (captivedetect.canonicalURL). */
  portalDetect: 'detectportal.test',
  /** Plain http on a port of its own (PORT_HOST_PORT): https there is no TLS at all. */
  port: 'port.test',
  /** Sends Strict-Transport-Security over HTTPS (the popup shows it). */
  hsts: 'hsts.test',
} as const;

/** How the lab's HTTPS listener treats a TLS connection, by the name the client asked for. */
export type TlsBehaviour = 'ok' | 'refuse' | 'untrusted' | 'wrong-name' | 'hang' | 'slow';

/** How long a 'slow' host takes to answer a TLS handshake: longer than the 3 s the extension waits. */
export const SLOW_HANDSHAKE_MS = 4_000;

export const TLS_BEHAVIOURS: Readonly<Record<string, TlsBehaviour>> = {
  [LAB_HOSTS.refused]: 'refuse',
  [LAB_HOSTS.untrusted]: 'untrusted',
  [LAB_HOSTS.wrongName]: 'wrong-name',
  [LAB_HOSTS.hang]: 'hang',
  [LAB_HOSTS.slow]: 'slow',
};

/** The port LAB_HOSTS.port listens on in Firefox's lab (Chromium maps any port). */
export const PORT_HOST_PORT = 8081;

export const ALL_LAB_HOSTS: string[] = Object.values(LAB_HOSTS);
