import type { StorageArea } from '../../platform/extension-api';

/** A storage area in memory that copies values in and out, as the browsers' areas do. */
export function memoryArea(): StorageArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
  };
}
