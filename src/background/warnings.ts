/**
 * What went wrong in this wake and is not recorded anywhere else (an outdated in-page
 * script that could not be removed...), for the status. In memory: each wake finds out
 * again. The same warning is said once.
 */
export function createWarnings() {
  const warnings = new Set<string>();
  return {
    add(warning: string): void {
      warnings.add(warning);
    },
    /** In the order they were first added. */
    list: (): string[] => [...warnings],
    /** A rejection handler: the failure, after `what` failed, becomes a warning. */
    failed:
      (what: string) =>
      (error: unknown): void => {
        warnings.add(`${what}: ${String(error)}`);
      },
  };
}

export type Warnings = ReturnType<typeof createWarnings>;
