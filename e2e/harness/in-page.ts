import { randomBytes, randomUUID } from 'node:crypto';
import type { LabPage } from './lab-browser';

/**
 * Runs `source` (an async function body; `secret` and `marker` are in scope) in the page.
 * Resolves to "sent" or "refused: <error>": what the page saw, never the verdict of a test.
 */
export function runInPage(page: LabPage, source: string, secret: string, marker = ''): Promise<string> {
  return page.evaluate(
    async ([code, s, m]) => {
      try {
        await new Function('secret', 'marker', `return (async () => { ${code} })()`)(s, m);
        return 'sent';
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    },
    [source, secret, marker] as const,
  );
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');

/** Unique secrets of each shape a test plants: generic, and well-known key formats. */
export const SECRETS = {
  plain: () => `cg-${randomUUID()}`,
  github: () => `ghp_${alnum(36)}`,
  slack: () => `xoxb-${alnum(12)}-${alnum(24)}`,
  jwt: () =>
    `eyJhbGciOiJIUzI1NiJ9.eyJ${Buffer.from(`{"sub":"${alnum(12)}"}`)
      .toString('base64url')
      .slice(3)}.${alnum(43)}`,
  openai: () => `sk-proj-${alnum(48)}`,
} as const;
