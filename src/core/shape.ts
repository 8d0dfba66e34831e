import { usageError } from './errors.js';

/**
 * Type guards for parsed JSON and YAML: a Shape returns the value typed, or throws a problem
 * that names the field's path (`useCases[0].port must be a string`), never a cast.
 */
export type Shape<T> = (value: unknown, path: string) => T;

class ShapeProblem extends Error {}

const problem = (path: string, value: unknown, expected: string) =>
  new ShapeProblem(value === undefined ? `${path || 'the value'} is missing` : `${path || 'the value'} must be ${expected}`);

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const string: Shape<string> = (value, path) => {
  if (typeof value !== 'string') throw problem(path, value, 'a string');
  return value;
};

export const literal =
  <T extends string>(expected: T): Shape<T> =>
  (value, path) => {
    if (value !== expected) throw problem(path, value, JSON.stringify(expected));
    return expected;
  };

export const optional =
  <T>(shape: Shape<T>): Shape<T | undefined> =>
  (value, path) =>
    value === undefined ? undefined : shape(value, path);

export const listOf =
  <T>(item: Shape<T>): Shape<T[]> =>
  (value, path) => {
    if (!Array.isArray(value)) throw problem(path, value, 'a list');
    return value.map((entry, index) => item(entry, `${path}[${index}]`));
  };

export const recordOf =
  <T>(item: Shape<T>): Shape<Record<string, T>> =>
  (value, path) => {
    if (!isRecord(value)) throw problem(path, value, 'an object');
    const entries = Object.entries(value).map(([key, entry]) => [key, item(entry, at(path, key))] as const);
    // Parsed JSON is checked where it is when every entry reads as itself: a manifest's record
    // of files has an entry per file of the project, and copying it costs milliseconds.
    const same = entries.every(([key, read]) => read === value[key]) && Object.getPrototypeOf(value) === Object.prototype;
    return same ? (value as Record<string, T>) : Object.fromEntries(entries);
  };

/** An object with exactly these fields read (others are ignored); every field of T needs a shape. */
export const object =
  <T extends object>(fields: { [K in keyof T]-?: Shape<T[K]> }): Shape<T> =>
  (value, path) => {
    if (!isRecord(value)) throw problem(path, value, 'an object');
    const result: Partial<T> = {};
    for (const key of Object.keys(fields) as Array<keyof T & string>) {
      const read = fields[key](value[key], at(path, key));
      if (read !== undefined) result[key] = read;
    }
    return result as T;
  };

/** One of two shapes, told apart by `isFirst`; the message names both. */
export const either =
  <A, B>(isFirst: (value: unknown) => boolean, first: Shape<A>, second: Shape<B>, expected: string): Shape<A | B> =>
  (value, path) => {
    if (isFirst(value)) return first(value, path);
    if (isRecord(value)) return second(value, path);
    throw problem(path, value, expected);
  };

/** Reads `value` with `shape`; a wrong type is a usage error (exit 2) naming `source` and the path. */
export function read<T>(shape: Shape<T>, value: unknown, source: string, path = ''): T {
  try {
    return shape(value, path);
  } catch (error) {
    if (error instanceof ShapeProblem) throw usageError(`${source}: ${error.message}`);
    throw error;
  }
}
