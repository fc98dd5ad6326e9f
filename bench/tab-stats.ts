/**
 * The tab statistics' write per flush, in Node: one event for one tab, with 100 tabs open
 * against with 1, each tab under its own key in a storage area that copies what it is
 * given and asked for (structuredClone, as the browser's does across processes).
 */
import { createTabStatsRecorder } from '../src/background/tab-stats-recorder';
import type { RecordArea } from '../src/platform/extension-api';
import { addRow, formatRatio, formatMs, interleaved, ratios, spread, timed } from './measure';

const FLUSHES = 200;
const REPETITIONS = 7;

function copyingArea(): RecordArea {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(items.get(key)),
    set: async (key, value) => void items.set(key, structuredClone(value)),
    getAll: async () => structuredClone(Object.fromEntries(items)),
    remove: async (keys) => keys.forEach((key) => items.delete(key)),
  };
}

async function recorderWithTabs(tabs: number) {
  const recorder = createTabStatsRecorder({ area: copyingArea(), badge: { show: async () => undefined } });
  for (let tabId = 1; tabId <= tabs; tabId++) {
    recorder.record({ kind: 'navigation-start', tabId, requestId: `r${tabId}` });
    for (let i = 0; i < 20; i++) recorder.record({ kind: 'upgraded', tabId });
  }
  await recorder.get(1);
  return recorder;
}

export async function benchTabStatsInNode(): Promise<void> {
  const one = await recorderWithTabs(1);
  const hundred = await recorderWithTabs(100);
  const flushes = async (recorder: typeof one) => {
    const [elapsed] = await timed(async () => {
      for (let i = 0; i < FLUSHES; i++) {
        recorder.record({ kind: 'upgraded', tabId: 1 });
        await recorder.get(1);
      }
    });
    return (elapsed * 1000) / FLUSHES;
  };
  await flushes(one);
  await flushes(hundred);
  const samples = await interleaved({ one: () => flushes(one), hundred: () => flushes(hundred) }, REPETITIONS);
  addRow({
    figure: 'tab statistics: one flush with 100 open tabs / with 1',
    where: 'node',
    result: `${formatRatio(spread(ratios(samples.hundred, samples.one)))}; ${formatMs(spread(samples.hundred), 1).replace(/ms/g, 'µs')}`,
    reference: `1 tab ${formatMs(spread(samples.one), 1).replace(/ms/g, 'µs')}`,
    goal: 'O(1) in the number of tabs (ratio ≈ 1)',
    met: spread(ratios(samples.hundred, samples.one)).median <= 1.2,
  });
}
