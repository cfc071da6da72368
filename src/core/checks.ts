/** Small checks for values read from outside (command arguments, settings), whose reasons never echo the value. */

/** "a string", "an array", "null" …: what a value is, without what it says (it may be huge, or crafted for display). */
export function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  switch (typeof value) {
    case 'string':
      return value === '' ? 'an empty string' : 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : String(value);
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * The own, enumerable data properties of a plain object (no getter runs, nothing inherited is
 * read: `__proto__` and `constructor` are keys like any other), or undefined for anything else
 * (arrays, class instances, objects with accessors).
 */
export function ownData(value: unknown): Map<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const prototype: unknown = Reflect.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return undefined;
  }
  const data = new Map<string, unknown>();
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
    if (typeof key !== 'string' || !descriptor?.enumerable) {
      continue;
    }
    if (!('value' in descriptor)) {
      return undefined; // an accessor: reading it could run anything, and give another answer each time
    }
    data.set(key, descriptor.value);
  }
  return data;
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** A non-empty one-line text of at most `maxLength` characters, trimmed; the reason says what it is instead of `expected`. */
export function checkText(value: unknown, maxLength: number, expected: string): Checked<string> {
  if (typeof value !== 'string' || value.trim() === '') {
    return { ok: false, reason: `is ${describeType(value)}, not ${expected}` };
  }
  if (value.length > maxLength) {
    return { ok: false, reason: `is ${value.length.toLocaleString('en-US')} characters long (at most ${maxLength})` };
  }
  if (CONTROL_CHARACTERS.test(value)) {
    return { ok: false, reason: 'holds control characters' };
  }
  return { ok: true, value: value.trim() };
}
