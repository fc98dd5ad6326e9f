/**
 * Well-known secret formats, recognised by shape whatever the field is called.
 * Each has a name for the record ("aws-access-key") and an anchored pattern.
 */
export interface ValueShape {
  name: string;
  pattern: RegExp;
  /** The same test as a declarative-rule regex fragment (RE2, no anchors). */
  ruleFragment: string;
}

export const VALUE_SHAPES: readonly ValueShape[] = [
  {
    name: 'jwt',
    pattern: /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/,
    ruleFragment: 'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.',
  },
  { name: 'aws-access-key', pattern: /^(?:AKIA|ASIA)[0-9A-Z]{16}$/, ruleFragment: '(?:AKIA|ASIA)[0-9A-Z]{16}' },
  { name: 'github-token', pattern: /^gh[pousr]_[A-Za-z0-9]{36}$/, ruleFragment: 'gh[pousr]_[A-Za-z0-9]{36}' },
  { name: 'github-pat', pattern: /^github_pat_[A-Za-z0-9_]{60,}$/, ruleFragment: 'github_pat_[A-Za-z0-9_]{60}' },
  { name: 'slack-token', pattern: /^xox[abposre]-[A-Za-z0-9-]{10,}$/, ruleFragment: 'xox[abposre]-[A-Za-z0-9-]{10}' },
  { name: 'stripe-key', pattern: /^(?:sk|rk)_live_[A-Za-z0-9]{16,}$/, ruleFragment: '(?:sk|rk)_live_[A-Za-z0-9]{16}' },
  { name: 'google-api-key', pattern: /^AIza[0-9A-Za-z_-]{35}$/, ruleFragment: 'AIza[0-9A-Za-z_-]{35}' },
  { name: 'gitlab-token', pattern: /^glpat-[A-Za-z0-9_-]{20,}$/, ruleFragment: 'glpat-[A-Za-z0-9_-]{20}' },
  { name: 'npm-token', pattern: /^npm_[A-Za-z0-9]{36}$/, ruleFragment: 'npm_[A-Za-z0-9]{36}' },
  { name: 'openai-key', pattern: /^sk-(?:proj-)?[A-Za-z0-9_-]{32,}$/, ruleFragment: 'sk-(?:proj-)?[A-Za-z0-9_-]{32}' },
];

/** The name of the well-known format `value` has, or null. */
export function valueShapeOf(value: string): string | null {
  for (const shape of VALUE_SHAPES) if (shape.pattern.test(value)) return shape.name;
  return null;
}

/**
 * A value that looks generated rather than written: long enough, and either long or
 * mixing letters and digits. Used for names that are only sometimes secrets.
 */
export function looksGenerated(value: string): boolean {
  if (value.length < 8 || /\s/.test(value)) return false;
  if (value.length >= 20) return true;
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}
