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
  await target.goto(`http://${host}/landing?m=${marker}`);
  await lab.log.waitFor(
    () => lab.log.find('cleartext', marker).length + lab.log.find('tls', marker).length > 0,
    `the probe of ${host} to arrive`,
  );
  if (!page) await target.close();
  return lab.log.find('cleartext', marker).length > 0 ? 'cleartext' : 'tls';
}
