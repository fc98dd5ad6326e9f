/**
 * Well-known secret formats, recognised by shape wherever they appear: in a query value,
 * a path segment, a header, a body field. Each shape is ONE regex source that both
 * JavaScript and RE2 (Chrome's declarative rules) accept, so the detector (Firefox's
 * blocking guard, the recorder, the redactor) and Chrome's block rules decide alike.
 *
 * Chrome compiles each regexFilter under a 2 KB memory cap
 * (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#regex-rules),
 * so a shape is the format's fixed prefix plus the fewest characters that tell it apart
 * (a bounded repetition of a simple class), not the whole token: `ghp_` and 20
 * alphanumerics, not 36. Every source
 * here was checked with Chrome's isRegexSupported (prefixed as leak-rules.ts prefixes it);
 * the background asks again at run time and splits groups that Chrome refuses.
 */
export interface ValueShape {
  name: string;
  /** Unanchored; matched case-sensitively (key formats are). */
  source: string;
}

export const VALUE_SHAPES: readonly ValueShape[] = [
  // A JWT's header and payload are both base64url JSON objects: "eyJ" is `{"`.
  { name: 'jwt', source: 'eyJ[A-Za-z0-9_-]+\\.eyJ' },
  { name: 'aws-access-key', source: '(?:AKIA|ASIA)[0-9A-Z]{16}' },
  { name: 'github-token', source: 'gh[pousr]_[A-Za-z0-9]{20}' },
  { name: 'github-pat', source: 'github_pat_[A-Za-z0-9_]{10}' },
  { name: 'slack-token', source: 'xox[abposre]-[A-Za-z0-9-]{10}' },
  { name: 'stripe-key', source: '(?:sk|rk)_live_[A-Za-z0-9]{16}' },
  { name: 'google-api-key', source: 'AIza[0-9A-Za-z_-]{10}' },
  { name: 'gitlab-token', source: 'glpat-[A-Za-z0-9_-]{10}' },
  { name: 'npm-token', source: 'npm_[A-Za-z0-9]{20}' },
  { name: 'openai-key', source: 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{10}' },
  // The older "sk-" keys: only at the start of a value, a path segment or after a space
  // ("Bearer sk-..."), or "task-" and "ask-the-..." slugs would match.
  { name: 'openai-key', source: '(?:^|[=/+:\\s]|%20)sk-[A-Za-z0-9]{20}' },
];

/** No shape matches fewer characters ("eyJx.eyJ"). */
const SHORTEST_SHAPE = 8;

const COMPILED = VALUE_SHAPES.map((shape) => ({
  name: shape.name,
  pattern: new RegExp(shape.source),
  global: new RegExp(shape.source, 'g'),
}));

/** The first well-known format found in `text`, with where it starts, or null. */
export function findValueShape(text: string): { name: string; index: number } | null {
  if (text.length < SHORTEST_SHAPE) return null;
  for (const { name, pattern } of COMPILED) {
    const match = pattern.exec(text);
    if (match) return { name, index: match.index };
  }
  return null;
}

/** Every place a well-known format starts in `text` (each shape's non-overlapping matches). */
export function findValueShapes(text: string): { name: string; index: number }[] {
  if (text.length < SHORTEST_SHAPE) return [];
  const found: { name: string; index: number }[] = [];
  for (const { name, global } of COMPILED) {
    global.lastIndex = 0;
    for (let match = global.exec(text); match; match = global.exec(text)) {
      found.push({ name, index: match.index });
      if (match[0] === '') global.lastIndex++;
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The name of the well-known format `text` contains, or null. */
export function valueShapeOf(text: string): string | null {
  return findValueShape(text)?.name ?? null;
}
