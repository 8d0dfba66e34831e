import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Manifest, manifestText, parseManifest, specFromJson } from '../../src/core/manifest.js';
import { readSpecFile } from '../../src/fs/spec-file.js';
import { CliError, ExitCode, oneLine } from '../../src/core/errors.js';

const SPEC = { name: 'x', description: 'd', team: 't', entryPoints: ['flask'], adapters: ['memory'], useCases: ['get_item', { name: 'send_x', port: 'xs' }] };
const MANIFEST = { tool: 'create-bisslog-service', version: '0.1.0', spec: SPEC, files: { 'metadata.yml': 'sha256:0' } };

/** The one-line usage error that reading `value` gives, or 'ok'. */
function problemOf(read: () => unknown): string {
  try {
    read();
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    return oneLine(error);
  }
}

describe('specs and manifests are read through type guards', () => {
  it('accepts a spec and a manifest', () => {
    expect(specFromJson(SPEC, 's.json')).toEqual(SPEC);
    expect(specFromJson(MANIFEST, 'm.json')).toEqual(SPEC);
    expect(parseManifest(JSON.stringify(MANIFEST), 'm.json')).toEqual(MANIFEST);
  });

  it.each([
    [{ ...SPEC, name: 5 }, 's.json: name must be a string'],
    [{ ...SPEC, team: undefined }, 's.json: team is missing'],
    [{ ...SPEC, entryPoints: 'flask' }, 's.json: entryPoints must be a list'],
    [{ ...SPEC, adapters: ['memory', null] }, 's.json: adapters[1] must be a string'],
    [{ ...SPEC, useCases: [{ name: 'get_x', port: 5 }] }, 's.json: useCases[0].port must be a string'],
    [{ ...SPEC, useCases: ['a_b', { port: 'x' }] }, 's.json: useCases[1].name is missing'],
    [{ ...SPEC, useCases: [7] }, 's.json: useCases[0] must be a use-case name or an object with a name'],
    [{ ...SPEC, useCases: [{ name: 'a_b', method: ['get'] }] }, 's.json: useCases[0].method must be a string'],
    [[SPEC], 's.json does not hold a service spec'],
  ])('a spec with a wrong type: %j', (value, message) => {
    expect(problemOf(() => specFromJson(value, 's.json'))).toBe(message);
  });

  it.each([
    [{ ...MANIFEST, spec: { ...SPEC, useCases: [{ name: 'a_b', path: 5 }] } }, 'm.json: spec.useCases[0].path must be a string'],
    [{ ...MANIFEST, files: { 'a.py': 1 } }, 'm.json: files.a.py must be a string'],
    [{ ...MANIFEST, files: [] }, 'm.json: files must be an object'],
    [{ ...MANIFEST, version: 1 }, 'm.json: version must be a string'],
    [{ ...MANIFEST, tool: 'other' }, 'm.json is not a create-bisslog-service manifest'],
  ])('a manifest with a wrong type: %j', (value, message) => {
    expect(problemOf(() => parseManifest(JSON.stringify(value), 'm.json'))).toBe(message);
  });

  it('keeps the cause: the JSON error, the read error, and YAML line and column', () => {
    const bad = problemOf(() => parseManifest('{"tool": ', 'm.json'));
    expect(bad).toMatch(/^m\.json is not valid JSON: .*JSON/);
    const dir = mkdtempSync(join(tmpdir(), 'cbs-spec-'));
    expect(problemOf(() => readSpecFile(join(dir, 'none.json')))).toMatch(/^cannot read --from file .*none\.json: ENOENT: no such file or directory/);
    writeFileSync(join(dir, 'bad.yml'), 'name: x\n  bad: [\n');
    const yaml = problemOf(() => readSpecFile(join(dir, 'bad.yml')));
    expect(yaml).toMatch(/^--from file .*bad\.yml is neither JSON nor YAML: .* at line 1, column 7$/);
    expect(yaml).not.toContain('\n');
  });
});

describe('the manifest as written', () => {
  const spec = { ...SPEC, description: 'naïve "quoted" \\ tab\t 日本', useCases: ['get_item', { port: 'xs', name: 'send_x' }] };
  const manifests: Manifest[] = [
    { tool: 'create-bisslog-service', version: '0.3.0', spec, files: { 'a "b".py': 'sha256:1', 'metadata.yml': 'sha256:0', 'ü/x.py': 'sha256:2' } },
    { tool: 'create-bisslog-service', version: '0.3.0', spec, files: {}, conflicts: ['README.md', 'x.py'] },
    { tool: 'create-bisslog-service', version: '0.3.0', spec: { ...spec, useCases: [] }, files: { 'x.py': 'sha256:1' }, conflicts: [] },
  ];

  it('is JSON.stringify with two-space indents, fields in the order they are read, whether files come as a record or as entries', () => {
    for (const manifest of manifests) {
      const canonical = { ...manifest, spec: { ...manifest.spec, useCases: manifest.spec.useCases.map((uc) => (typeof uc === 'string' ? uc : { name: uc.name, port: uc.port })) } };
      const expected = `${JSON.stringify(canonical, null, 2)}\n`;
      expect(manifestText(manifest)).toBe(expected);
      expect(manifestText({ ...manifest, files: Object.entries(manifest.files) })).toBe(expected);
      expect(parseManifest(expected, 'm.json')).toEqual(parseManifest(manifestText(manifest), 'm.json'));
    }
  });
});
