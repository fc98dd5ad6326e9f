/**
 * A URL's query as it travels on the wire: names and values as written (percent-escapes
 * kept), next to their decoded forms. The declarative rules see only the raw form, so
 * every test the detector shares with them looks at that.
 */
export interface RawParam {
  /** As written in the URL. */
  rawName: string;
  rawValue: string;
  /** Percent-decoded ("+" as a space); the raw text when it does not decode. */
  name: string;
  value: string;
  /** Where the value starts in the string the params were read from. */
  valueIndex: number;
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The `name=value` pairs of a query (without "?"); parts without "=" are not parameters here. */
export function rawParams(query: string, offset = 0): RawParam[] {
  const params: RawParam[] = [];
  let start = 0;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      const rawName = part.slice(0, eq);
      const rawValue = part.slice(eq + 1);
      params.push({
        rawName,
        rawValue,
        name: safeDecode(rawName),
        value: safeDecode(rawValue),
        valueIndex: offset + start + eq + 1,
      });
    }
    start += part.length + 1;
  }
  return params;
}

/**
 * A name disguised with a percent-escape of a character that never needs one (a letter, a
 * digit, "-", ".", "_", "~"): encoders leave those alone, so such a name was written to
 * hide what it is ("%61pi_key"). The same test is a declarative rule (leak-rules.ts).
 */
export const ESCAPED_UNRESERVED_SOURCE = '%(?:[46][1-9a-f]|[57][0-9a]|3[0-9]|5f|2d|2e|7e)';
const ESCAPED_UNRESERVED = new RegExp(ESCAPED_UNRESERVED_SOURCE, 'i');

export function hasEscapedUnreserved(rawName: string): boolean {
  return ESCAPED_UNRESERVED.test(rawName);
}

/**
 * The forms of a raw name that a secret-name list is compared with: the whole name and
 * what follows each "[", "%5B" or "." in it ("user[password]", "auth.token"), each
 * without a closing "]" or "%5D", lowercased.
 */
export function nameCandidates(rawName: string): string[] {
  const name = rawName.toLowerCase().replace(/(?:\]|%5d)$/, '');
  const candidates = [name];
  const separators = /\[|%5b|\./g;
  for (let match = separators.exec(name); match; match = separators.exec(name)) {
    candidates.push(name.slice(match.index + match[0].length));
  }
  return candidates;
}
