import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';
import { createFlagSpecs } from '../../src/cli/create-options.js';

const parse = (...argv: string[]) => parseArgs(argv, createFlagSpecs);

describe('parseArgs', () => {
  it('reads positionals, strings, lists and booleans', () => {
    const { positionals, values } = parse('svc', '--name', 'Orders', '--entry=flask,fastapi', '--entry', 'lambda', '-y', '--no-git');
    expect(positionals).toEqual(['svc']);
    expect(values.get('name')).toBe('Orders');
    expect(values.get('entry')).toEqual(['flask', 'fastapi', 'lambda']);
    expect(values.get('yes')).toBe(true);
    expect(values.get('git')).toBe(false);
  });

  it('drops the literal -- that pnpm and yarn pass through', () => {
    const { positionals, values } = parse('svc', '--', '--adapter', 'memory', '--force');
    expect(positionals).toEqual(['svc']);
    expect(values.get('adapter')).toEqual(['memory']);
    expect(values.get('force')).toBe(true);
  });

  it('accepts aliases for lists', () => {
    expect(parse('--entry-points', 'flask').values.get('entry')).toEqual(['flask']);
    expect(parse('--use-cases', 'a_b,c_d').values.get('use-case')).toEqual(['a_b', 'c_d']);
  });

  it('rejects unknown flags with a suggestion', () => {
    expect(() => parse('--entyr', 'flask')).toThrow(/unknown option --entyr; did you mean --entry\?/);
    expect(() => parse('--frobnicate')).toThrow(/unknown option --frobnicate \(see --help\)/);
  });

  it('rejects a missing value, a value on a boolean and a repeated string', () => {
    expect(() => parse('--name')).toThrow(/--name needs a value/);
    expect(() => parse('--name', '--yes')).toThrow(/--name needs a value/);
    expect(() => parse('--force=yes')).toThrow(/takes no value/);
    expect(() => parse('--name', 'a', '--name', 'b')).toThrow(/more than once/);
  });

  it('does not treat --no-<string option> as a negation', () => {
    expect(() => parse('--no-name')).toThrow(/unknown option --no-name/);
  });
});
