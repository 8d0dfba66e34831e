import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { usageError } from '../errors.js';
import { specFromJson } from './manifest.js';
import type { ServiceSpec } from './spec.js';

/** A spec or manifest file, JSON or YAML (YAML 1.2 reads JSON too). */
export function readSpecFile(path: string): ServiceSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read --from file ${path}`, { cause: error });
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw usageError(`--from file ${path} is neither JSON nor YAML`, { cause: error });
  }
  return specFromJson(value, path);
}
