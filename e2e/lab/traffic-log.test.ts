import { describe, expect, it } from 'vitest';
import { TrafficLog, type LabRequest } from './traffic-log';

const request = (listener: LabRequest['listener'], target: string): LabRequest => ({
  listener,
  kind: 'http',
  method: 'GET',
  host: 'site.test',
  target,
  headers: {},
  body: '',
});

describe('TrafficLog', () => {
  it('finds a secret in raw cleartext bytes, plain or percent-encoded', () => {
    const log = new TrafficLog();
    expect(log.cleartextContains('s3cret value')).toBe(false);
    log.addCleartextBytes(Buffer.from('GET /?q=s3cret%20value HTTP/1.1\r\n'));
    expect(log.cleartextContains('s3cret value')).toBe(true);
  });

  it('finds a secret inside Basic credentials', () => {
    const log = new TrafficLog();
    log.addCleartextBytes(Buffer.from(`Authorization: Basic ${Buffer.from('user:pa55').toString('base64')}\r\n`));
    expect(log.cleartextContains('pa55')).toBe(true);
    expect(log.cleartextContains('other')).toBe(false);
  });

  it('waits for a request and times out with a description', async () => {
    const log = new TrafficLog();
    const waiting = log.waitForRequest('tls', 'needle', 1000);
    log.addRequest(request('cleartext', '/needle'));
    log.addRequest(request('tls', '/x?needle'));
    await expect(waiting).resolves.toMatchObject({ listener: 'tls', target: '/x?needle' });
    await expect(log.waitForRequest('tls', 'absent', 20)).rejects.toThrow(/absent on the tls listener/);
  });
});
