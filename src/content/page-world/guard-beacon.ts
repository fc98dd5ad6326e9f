import type { Finding } from '../../core/credentials/findings';
import { bodyFindings } from './body-text';
import { report } from './channel';
import { replaceMethod } from './disguise';
import { apply } from './natives';
import { addressOf, stopsBodies, targetOf, untouched, type Target } from './targets';

/**
 * navigator.sendBeacon (replaced on Navigator.prototype, so calling it through the
 * prototype does not get round it): a body with a secret field is refused for the page's
 * own cleartext host and sent over https to any other host. A Blob body is read first and
 * the beacon queued once it is (sendBeacon answers at once; a beacon the page sends while
 * it unloads may then be lost, never sent in cleartext).
 */
export function guardBeacon(scope: typeof globalThis, doc: Document): void {
  const proto = scope.Navigator?.prototype;
  const nativeBeacon = proto?.sendBeacon;
  if (!proto || !nativeBeacon) return;

  function decide(self: unknown, target: Target, data: unknown, findings: Finding[]): boolean {
    const sendAsIs = findings.length === 0 || (target.decision === 'cleartext-host' && !stopsBodies(target));
    if (sendAsIs) return apply(nativeBeacon as () => boolean, self, [target.url.href, data]);
    if (target.decision === 'cleartext-host' || !target.secureUrl) {
      report(doc, target.url.href, 'blocked', findings);
      return false;
    }
    return apply(nativeBeacon as () => boolean, self, [target.secureUrl, data]);
  }

  const sendBeacon = function sendBeacon(this: Navigator, ...args: [url: string | URL, data?: BodyInit | null]) {
    const [url, data] = args;
    const target = targetOf(addressOf(url), doc);
    if (untouched(target)) return apply(nativeBeacon, this, args) as boolean;
    const found = bodyFindings(data);
    if (found === null) return apply(nativeBeacon, this, args) as boolean;
    if ('findings' in found) return decide(this, target as Target, data, found.findings);
    void found.pending.then((findings) => decide(this, target as Target, data, findings));
    return true;
  };
  replaceMethod(proto, 'sendBeacon', sendBeacon);
}
