/**
 * What every benchmark shares: arms measured side by side and interleaved (the order
 * rotates each repetition), the median and spread of each, and a row of the results
 * table: a figure against its reference in the same run, and the goal it is held to.
 * Nothing here asserts a time; the table says whether each goal was met.
 */

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/**
 * Runs each arm `repetitions` times, interleaved: one round runs every arm once, in an
 * order that rotates from round to round, so drift on a noisy machine hits every arm alike.
 */
export async function interleaved<K extends string>(
  arms: Record<K, () => Promise<number>>,
  repetitions: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(arms) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < repetitions; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as K;
      samples[name].push(await arms[name]());
    }
  }
  return samples;
}

/** Per-repetition ratios of two interleaved arms (the i-th of one over the i-th of the other). */
export function ratios(measured: readonly number[], reference: readonly number[]): number[] {
  return measured.map((m, i) => m / (reference[i] as number));
}

export interface BenchRow {
  figure: string;
  /** chromium, firefox, or node. */
  where: string;
  /** What was measured, as the table shows it ("1.02 (0.98–1.07)", "38 ms"). */
  result: string;
  /** What it was measured against in the same run. */
  reference: string;
  goal: string;
  /** Whether the goal was met; null when the figure has no goal. */
  met: boolean | null;
}

const rows: BenchRow[] = [];

export function addRow(row: BenchRow): void {
  rows.push(row);
  const verdict = row.met === null ? '' : row.met ? ' (goal met)' : ' (goal MISSED)';
  console.log(`[bench] ${row.where}: ${row.figure}: ${row.result} vs ${row.reference}; goal ${row.goal}${verdict}`);
}

export function allRows(): readonly BenchRow[] {
  return rows;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** "1.02 (0.98–1.07)": median and range of ratios. */
export function formatRatio(s: Spread): string {
  return `${fixed(s.median, 2)} (${fixed(s.min, 2)}–${fixed(s.max, 2)})`;
}

/** "38 ms (31–52)": median and range of durations. */
export function formatMs(s: Spread, digits = 0): string {
  return `${fixed(s.median, digits)} ms (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;
}

export function markdownTable(list: readonly BenchRow[]): string {
  const lines = [
    '| figure | where | result: median (range) | against | goal | met |',
    '|---|---|---|---|---|---|',
    ...list.map(
      (r) =>
        `| ${r.figure} | ${r.where} | ${r.result} | ${r.reference} | ${r.goal} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export async function timed<T>(run: () => Promise<T> | T): Promise<[number, T]> {
  const started = performance.now();
  const value = await run();
  return [performance.now() - started, value];
}
