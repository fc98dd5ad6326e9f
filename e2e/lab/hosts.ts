/**
 * The lab's host names. Each resolves to loopback inside the test browsers only
 * (Chromium: --host-resolver-rules; Firefox: network.dns.localDomains).
 */
export const LAB_HOSTS = {
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
  loop: 'loop.test',
  /** Works over HTTPS until a test makes it fail (a "suspicious" failure). */
  flaky: 'flaky.test',
  /** Visited in private windows only (private-windows.spec.ts); HTTPS works until the test breaks it. */
  privateSite: 'private.test',
  /** Sends Strict-Transport-Security over HTTPS (the popup shows it). */
  hsts: 'hsts.test',
} as const;

/** How the lab's HTTPS listener treats a TLS connection, by the name the client asked for. */
export type TlsBehaviour = 'ok' | 'refuse' | 'untrusted' | 'wrong-name' | 'hang';

export const TLS_BEHAVIOURS: Readonly<Record<string, TlsBehaviour>> = {
  [LAB_HOSTS.refused]: 'refuse',
  [LAB_HOSTS.untrusted]: 'untrusted',
  [LAB_HOSTS.wrongName]: 'wrong-name',
  [LAB_HOSTS.hang]: 'hang',
};

export const ALL_LAB_HOSTS: string[] = Object.values(LAB_HOSTS);
