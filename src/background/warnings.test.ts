import { describe, expect, it } from 'vitest';
import { createWarnings } from './warnings';

describe('warnings', () => {
  it('starts empty', () => {
    expect(createWarnings().list()).toEqual([]);
  });

  it('keeps each warning once, in the order first added', () => {
    const warnings = createWarnings();
    warnings.add('b');
    warnings.add('a');
    warnings.add('b');
    expect(warnings.list()).toEqual(['b', 'a']);
  });

  it('hands out a copy: changing it changes nothing', () => {
    const warnings = createWarnings();
    warnings.add('a');
    warnings.list().push('x');
    expect(warnings.list()).toEqual(['a']);
  });

  it('turns a failed step into a warning that says what failed and why', async () => {
    const warnings = createWarnings();
    await Promise.reject(new Error('no scripting')).catch(warnings.failed('the script could not be removed'));
    await Promise.reject('plain').catch(warnings.failed('the other step failed'));
    expect(warnings.list()).toEqual([
      'the script could not be removed: Error: no scripting',
      'the other step failed: plain',
    ]);
  });
});
