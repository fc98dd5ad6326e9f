import type { TabStats } from '../core/tab-stats';

/** What the background says about its declarative rules. */
export interface GuardStatus {
  /** The installed rules are exactly the ones the current settings call for. */
  rulesInPlace: boolean;
  installedRuleCount: number;
  wantedRuleCount: number;
  /** Problems found in the stored settings (the valid parts are in force). */
  settingsProblems: string[];
  /** Present when the extension cannot protect as designed (e.g. the page script failed). */
  warnings: string[];
}

/** Every message extension pages may send to the background, with its reply. */
export interface ProtocolMap {
  'get-status': { request: Record<string, never>; response: GuardStatus };
  'get-tab-stats': { request: { tabId: number }; response: TabStats | null };
}

export type MessageType = keyof ProtocolMap;

export type Message = {
  [K in MessageType]: { type: K; data: ProtocolMap[K]['request'] };
}[MessageType];

const MESSAGE_TYPES: readonly MessageType[] = ['get-status', 'get-tab-stats'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates an incoming message's shape; null for anything else. */
export function parseMessage(value: unknown): Message | null {
  if (!isRecord(value) || !isRecord(value.data)) return null;
  const type = value.type;
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type)) return null;
  if (type === 'get-tab-stats') {
    const tabId = value.data.tabId;
    if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) return null;
    return { type, data: { tabId } };
  }
  return { type: 'get-status', data: {} };
}
