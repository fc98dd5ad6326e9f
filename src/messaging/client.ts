import { sendToBackground } from '../platform/extension-api';
import type { ContentProtocol, PageProtocol } from './protocol';

/** Sends a typed message from an extension page to the background (waking it if needed). */
export async function sendMessage<K extends keyof PageProtocol>(
  type: K,
  data: PageProtocol[K]['request'],
): Promise<PageProtocol[K]['response']> {
  return (await sendToBackground({ type, data })) as PageProtocol[K]['response'];
}

/** Sends a typed message from a content script to the background. */
export async function sendContentMessage<K extends keyof ContentProtocol>(
  type: K,
  data: ContentProtocol[K]['request'],
): Promise<ContentProtocol[K]['response']> {
  return (await sendToBackground({ type, data })) as ContentProtocol[K]['response'];
}
