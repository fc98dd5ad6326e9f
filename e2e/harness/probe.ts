import { randomUUID } from 'node:crypto';
import type { Lab } from '../lab/servers';
import type { LabBrowser, LabPage } from './lab-browser';

/**
 * Loads http://host/landing in a page (a new one unless given) and says where the request
 * arrived: on the cleartext listener (it stayed http) or the TLS listener (upgraded).
 */
export async function probe(browser: LabBrowser, lab: Lab, host: string, page?: LabPage): Promise<'cleartext' | 'tls'> {
  const marker = `probe-${randomUUID()}`;
  const target = page ?? (await browser.newPage());
  // The signal is the request arriving at the lab. Firefox over BiDi now and then reports
  // an upgraded navigation as "interrupted" by its own upgrade: the load is not the point.
  const loading = target.goto(`http://${host}/landing?m=${marker}`).catch(() => undefined);
  await lab.log.waitFor(
    () => lab.log.find('cleartext', marker).length + lab.log.find('tls', marker).length > 0,
    `the probe of ${host} to arrive`,
  );
  await loading;
  if (!page) await target.close();
  return lab.log.find('cleartext', marker).length > 0 ? 'cleartext' : 'tls';
}
