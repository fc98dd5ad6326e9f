import type { RecordArea, StorageArea } from '../../platform/extension-api';

/** A storage area in memory that copies values in and out, as the browsers' areas do. */
export function memoryArea(): StorageArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
  };
}

/** A memory area of many small records (getAll, remove), as storage.session is used per tab. */
export function memoryRecordArea(): RecordArea & { data: Map<string, unknown> } {
  const area = memoryArea();
  return {
    ...area,
    getAll: async () => structuredClone(Object.fromEntries(area.data)),
    remove: async (keys) => void keys.forEach((k) => area.data.delete(k)),
  };
}
