import { browser } from '../platform/extension-api';
import type { MessageType, ProtocolMap } from './protocol';

/** Sends a typed message from an extension page to the background (waking it if needed). */
export async function sendMessage<K extends MessageType>(
  type: K,
  data: ProtocolMap[K]['request'],
): Promise<ProtocolMap[K]['response']> {
  return (await browser.runtime.sendMessage({ type, data })) as ProtocolMap[K]['response'];
}
