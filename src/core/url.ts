/** URL parsing that never throws: for addresses that come from pages and browsers. */
export function parseUrl(href: string, base?: string): URL | null {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

/** The host name of an address, or "" when there is none. */
export function hostnameOf(href: string | undefined): string {
  return (href === undefined ? null : parseUrl(href))?.hostname ?? '';
}
