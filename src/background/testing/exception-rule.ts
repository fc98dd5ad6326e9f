import type { ExceptionRule } from '../../core/settings';

/** An exception for `pattern`: always, credentials guarded, no site limit, unless `extra` says otherwise. */
export const exceptionRule = (pattern: string, extra: Partial<ExceptionRule> = {}): ExceptionRule => ({
  pattern,
  allowCredentials: false,
  scope: 'always',
  expiresAt: null,
  ...extra,
});
