import { describe, expect, it, vi } from 'vitest';
import { createPrivateSessionEnd } from './private-windows';

function setup(windows: { incognito: boolean }[]) {
  const session = { end: vi.fn(async () => undefined) };
  const openWindows = vi.fn(async () => windows);
  return { session, openWindows, endIfOver: createPrivateSessionEnd({ openWindows, session }) };
}

describe('private session end', () => {
  it('ends the private session when no private window is left', async () => {
    const { session, endIfOver } = setup([{ incognito: false }]);
    await endIfOver();
    expect(session.end).toHaveBeenCalledTimes(1);
  });

  it('ends it with no window at all', async () => {
    const { session, endIfOver } = setup([]);
    await endIfOver();
    expect(session.end).toHaveBeenCalledTimes(1);
  });

  it('keeps it while a private window is open', async () => {
    const { session, openWindows, endIfOver } = setup([{ incognito: false }, { incognito: true }]);
    await endIfOver();
    expect(openWindows).toHaveBeenCalledTimes(1);
    expect(session.end).not.toHaveBeenCalled();
  });
});
