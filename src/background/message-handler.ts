import type { Runtime } from 'webextension-polyfill';
import { parseMessage, type GuardStatus, type ProtocolMap } from '../messaging/protocol';
import { isExtensionPageSender } from '../messaging/sender';
import type { TabStats } from '../core/tab-stats';

export interface MessageHandlerDeps {
  extensionId: string;
  extensionOrigin: string;
  status(): Promise<GuardStatus>;
  tabStats(tabId: number): Promise<TabStats | null>;
}

/**
 * Answers the extension's own pages; anything else (web pages, content scripts running
 * in them, other extensions) gets no answer at all.
 */
export function createMessageHandler(deps: MessageHandlerDeps) {
  return (raw: unknown, sender: Runtime.MessageSender): Promise<ProtocolMap[keyof ProtocolMap]['response']> | undefined => {
    if (!isExtensionPageSender(sender, deps.extensionId, deps.extensionOrigin)) return undefined;
    const message = parseMessage(raw);
    if (!message) return undefined;
    switch (message.type) {
      case 'get-status':
        return deps.status();
      case 'get-tab-stats':
        return deps.tabStats(message.data.tabId);
    }
  };
}
