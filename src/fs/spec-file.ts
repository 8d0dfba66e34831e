import { parse } from 'yaml';
import { usageError } from '../core/errors.js';
import { decodeUtf8, readBounded } from './read.js';
import { specFromJson } from '../core/manifest.js';
import type { ServiceSpec } from '../core/spec.js';

/** Aliases a spec may expand: a real one has none, a "billion laughs" has millions. */
const MAX_ALIAS_COUNT = 100;

/**
 * A spec or manifest file, JSON or YAML (YAML 1.2 reads JSON too). Read with a size cap (a
 * device like /dev/zero or an endless pipe is refused, not read forever) and parsed with a cap
 * on alias expansion.
 */
export function readSpecFile(path: string): ServiceSpec {
  const shown = `--from file ${path}`;
  const text = decodeUtf8(readBounded(path, shown), shown);
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
      throw usageError(`${shown} expands YAML aliases more than ${MAX_ALIAS_COUNT} times; refusing it`);
    }
    if (error instanceof RangeError) throw usageError(`${shown} nests too deeply to read`);
    throw usageError(`${shown} is neither JSON nor YAML`, { cause: error });
  }
  return specFromJson(value, path);
}
