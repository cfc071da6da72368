/** Splitting request targets the way the emulated service reads them. */

export type QueryParams = Record<string, string | string[]>;

/** Percent-decodes; a malformed escape is kept as sent (it then matches nothing). */
export function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `a=1&b=x%2By&a=2` → `{a: ['1', '2'], b: 'x+y'}`; `+` stays a plus, as SigV4 clients encode spaces as %20. */
export function parseQuery(rawQuery: string): QueryParams {
  const query: QueryParams = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') {
      continue;
    }
    const separator = pair.indexOf('=');
    const key = decodeComponent(separator < 0 ? pair : pair.slice(0, separator));
    const value = separator < 0 ? '' : decodeComponent(pair.slice(separator + 1));
    const previous = query[key];
    query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

/** Splits `/path?query` into the raw (still encoded) path and the decoded query. */
export function splitTarget(target: string): { rawPath: string; query: QueryParams } {
  const separator = target.indexOf('?');
  return separator < 0
    ? { rawPath: target, query: {} }
    : { rawPath: target.slice(0, separator), query: parseQuery(target.slice(separator + 1)) };
}
