import { EventEmitter } from 'node:events';

export type Listener = 'cleartext' | 'tls';

/** One request (or WebSocket event) as a lab server saw it. */
export interface LabRequest {
  listener: Listener;
  kind: 'http' | 'ws-open' | 'ws-message';
  method: string;
  host: string;
  /** Path and query, as sent. */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** When the lab received it (Date.now()). */
  at?: number;
}

/**
 * Everything that reached the lab's listeners. The cleartext side also keeps every raw
 * byte that crossed its TCP port, so a test can assert that a planted secret never
 * travelled in the clear, in any form.
 */
export class TrafficLog {
  readonly requests: LabRequest[] = [];
  private readonly rawCleartext: Buffer[] = [];
  private readonly events = new EventEmitter();
  private readonly handshakes = new Map<string, number>();

  constructor() {
    this.events.setMaxListeners(0);
  }

  addRequest(request: LabRequest): void {
    this.requests.push({ ...request, at: Date.now() });
    this.events.emit('change');
  }

  /** A TLS handshake began for this server name (whether or not it completes). */
  addTlsHandshake(serverName: string): void {
    this.handshakes.set(serverName, (this.handshakes.get(serverName) ?? 0) + 1);
    this.events.emit('change');
  }

  /** How many TLS handshakes began for this server name. */
  tlsHandshakes(serverName: string): number {
    return this.handshakes.get(serverName) ?? 0;
  }

  addCleartextBytes(chunk: Buffer): void {
    this.rawCleartext.push(chunk);
    this.events.emit('change');
  }

  /** True when `needle` crossed the cleartext listener, in raw bytes or a WebSocket message. */
  cleartextContains(needle: string): boolean {
    const raw = Buffer.concat(this.rawCleartext);
    if (raw.includes(needle) || raw.includes(encodeURIComponent(needle))) return true;
    // Basic credentials travel base64-encoded.
    for (const match of raw.toString('latin1').matchAll(/Basic ([A-Za-z0-9+/=]+)/g)) {
      if (
        Buffer.from(match[1] ?? '', 'base64')
          .toString('utf8')
          .includes(needle)
      )
        return true;
    }
    return this.requests.some((r) => r.listener === 'cleartext' && r.kind === 'ws-message' && r.body.includes(needle));
  }

  /** The requests on `listener` whose target, headers or body mention `needle`. */
  find(listener: Listener, needle: string): LabRequest[] {
    return this.requests.filter(
      (r) =>
        r.listener === listener &&
        (r.target.includes(needle) || r.body.includes(needle) || JSON.stringify(r.headers).includes(needle)),
    );
  }

  /** Resolves once `condition` holds, re-checked on every new byte or request. */
  waitFor(condition: () => boolean, description: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onChange = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.events.off('change', onChange);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off('change', onChange);
        reject(new Error(`lab: timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      this.events.on('change', onChange);
    });
  }

  /** Waits until a request mentioning `needle` reached `listener`, and returns it. */
  async waitForRequest(listener: Listener, needle: string, timeoutMs?: number): Promise<LabRequest> {
    await this.waitFor(
      () => this.find(listener, needle).length > 0,
      `${needle} on the ${listener} listener`,
      timeoutMs,
    );
    const [first] = this.find(listener, needle);
    if (!first) throw new Error('unreachable');
    return first;
  }
}
