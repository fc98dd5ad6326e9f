/**
 * One step of the settings' history: reads a value as version `from` wrote it and returns
 * it as version `from + 1` would have (with that version). A step never throws and never
 * changes its input; whatever it does not recognise it passes on as it is, for the reader
 * to report.
 */
export interface Migration {
  readonly from: number;
  readonly migrate: (stored: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}
