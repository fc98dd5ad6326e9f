/** Something wrong with stored or imported settings, said precisely enough to fix it. */
export type ProblemCode =
  | 'not-object'
  | 'not-list'
  | 'not-choice'
  | 'range'
  | 'not-boolean'
  | 'no-pattern'
  | 'pattern'
  | 'public-suffix'
  | 'duplicate'
  | 'scope'
  | 'names'
  | 'too-many'
  | 'unknown-key'
  | 'json'
  | 'format';

export interface SettingsProblem {
  /** The setting ("mode", "exceptions", "credentialPolicy.header"...). */
  field: string;
  code: ProblemCode;
  /** What was wrong with which value, in English (also the options page's detail line). */
  detail: string;
}

/** One line of English, for the status report and logs. */
export function describeProblem(problem: SettingsProblem): string {
  return `${problem.field}: ${problem.detail}`;
}
