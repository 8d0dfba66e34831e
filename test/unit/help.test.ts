import { describe, expect, it } from 'vitest';
import { ADD_SCHEMA } from '../../src/cli/add.js';
import { ADOPT_SCHEMA } from '../../src/cli/adopt.js';
import { CHECK_SCHEMA } from '../../src/cli/check.js';
import { EXPORT_SCHEMA } from '../../src/cli/export.js';
import { createFlagSpecs, createSchema } from '../../src/cli/create-options.js';
import { REMOVE_SCHEMA } from '../../src/cli/remove.js';
import { UPGRADE_SCHEMA } from '../../src/cli/upgrade.js';
import { bake, flagsOf, renderHelp } from '../../src/cli/help.js';
import { catalog } from './real-templates.js';

const schemas = [createSchema('1.2.3', catalog), ADD_SCHEMA, CHECK_SCHEMA, EXPORT_SCHEMA, ADOPT_SCHEMA, REMOVE_SCHEMA, UPGRADE_SCHEMA];

describe('help, from each command\'s flag schema', () => {
  it.each(schemas.map((schema) => [schema.name, schema] as const))('%s: lists every flag it parses, one line each', (_, schema) => {
    const help = renderHelp(schema);
    for (const flag of flagsOf(schema).filter((f) => !f.hidden)) {
      const forms = `${flag.short ? `-${flag.short}, ` : ''}--${flag.flag}`;
      expect(help).toMatch(new RegExp(`^ {2}${forms.replace(/[-]/g, '\\-')}[ ,].* ${flag.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    expect(help).toMatch(/^ {2}-h, --help {19}Show this help$/m);
    expect(help).toMatch(/^ {2}-v, --version {16}Show the version$/m);
  });

  it('create parses exactly the flags its help schema holds', () => {
    const parsed = createFlagSpecs.map((f) => f.flag).sort();
    expect(flagsOf(schemas[0]!).map((f) => f.flag).sort()).toEqual(parsed);
  });

  it('bakes, per command, the words that take the next word as a value', () => {
    const baked = bake(schemas);
    expect(Object.keys(baked)).toEqual(['create', 'add', 'check', 'export', 'adopt', 'remove', 'upgrade']);
    expect(baked.create!.takesValue).toEqual(expect.arrayContaining(['--dir', '--name', '--description', '--entry', '--entry-points', '--from']));
    expect(baked.create!.takesValue).not.toContain('--force');
    expect(baked.add!.takesValue).toEqual(['--kind', '--port', '--method', '--path', '--port-method', '--trigger', '--queue', '--cron', '--installer']);
    expect(baked.remove!.takesValue).toEqual([]);
    expect(baked.upgrade!.takesValue).toEqual(['--installer']);
    expect(baked.check!.takesValue).toEqual([]);
    expect(baked.adopt!.takesValue).toEqual([]);
    expect(baked.create!.help).toBe(renderHelp(schemas[0]!));
  });
});
