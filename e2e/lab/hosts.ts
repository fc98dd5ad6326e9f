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
} as const;

export const ALL_LAB_HOSTS: string[] = Object.values(LAB_HOSTS);
