import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogFrom } from '../../src/core/catalog.js';
import { withManifest } from '../../src/core/manifest.js';
import { buildModel } from '../../src/core/spec.js';
import { packageRoot } from '../../src/fs/package-root.js';
import { loadTemplates } from '../../src/fs/template-files.js';
import { render } from '../../src/render/render.js';
import { randomSpec } from './random-spec.js';
import { cli, tempDir } from './support.js';

/**
 * Whatever the tool accepts passes the generated project's own CI: random specs from a seeded
 * generator (long names and descriptions, quotes, template syntax, wide characters, 40-character
 * use cases and ports) are rendered, and every accepted one must pass the project's
 * `ruff check` and `ruff format --check`, and read back the same text from metadata.yml,
 * pyproject.toml and the SAM template. PROPERTY_SEED and PROPERTY_CASES replay or widen a run.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20261126);
const CASES = Number(process.env.PROPERTY_CASES ?? 120);

const templates = loadTemplates(join(packageRoot(), 'templates'));
const catalog = catalogFrom(templates);

/** Reads back every case's texts with the libraries the project uses; prints one line per mismatch. */
const READ_BACK = `
import json, sys, tomllib, yaml
for case in json.load(sys.stdin):
    root, spec = case["root"], case["spec"]
    metadata = yaml.safe_load(open(f"{root}/metadata.yml", encoding="utf-8"))
    project = tomllib.load(open(f"{root}/pyproject.toml", "rb"))["project"]
    for where, got, want in [
        ("metadata.yml name", metadata["name"], spec["name"]),
        ("metadata.yml description", metadata.get("description") or "", spec["description"]),
        ("metadata.yml team", (metadata.get("team") or ""), spec["team"]),
        ("pyproject.toml description", project["description"], spec["description"]),
    ]:
        if got != want:
            print(f"{case['seed']}: {where} reads back {got!r}, not {want!r}")
`;

describe('random accepted inputs pass the generated project\'s ruff', () => {
  let python = '';
  let ruff = '';
  const cases: Array<{ seed: number; root: string; spec: unknown }> = [];
  let refused = 0;

  beforeAll(async () => {
    const cwd = tempDir('cbs-prop-');
    const installed = await cli(['tools', '--yes', '--no-git'], { cwd });
    expect(installed.exitCode, installed.stderr).toBe(0);
    python = join(cwd, 'tools', '.venv', 'bin', 'python');
    ruff = join(cwd, 'tools', '.venv', 'bin', 'ruff');
    for (let seed = SEED; seed < SEED + CASES; seed++) {
      const { spec } = randomSpec(seed);
      let model;
      try {
        model = buildModel(spec, catalog);
      } catch {
        refused += 1;
        continue;
      }
      const root = join(cwd, `case-${seed}`);
      for (const [path, content] of withManifest(render(model, templates, '0.0.0'), model.spec, '0.0.0')) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
      }
      cases.push({ seed, root, spec: model.spec });
    }
  }, 300_000);

  it('most generated specs are accepted, so the property says something', () => {
    expect(cases.length).toBeGreaterThan(CASES * 0.8);
    expect(cases.length + refused).toBe(CASES);
  });

  it('ruff check and ruff format --check pass on every accepted project', async () => {
    const roots = cases.map((c) => c.root);
    const check = await execa(ruff, ['check', '--no-cache', '--quiet', ...roots], { reject: false, all: true });
    expect(check.exitCode, check.all).toBe(0);
    const format = await execa(ruff, ['format', '--check', '--no-cache', ...roots], { reject: false, all: true });
    expect(format.exitCode, format.all).toBe(0);
  }, 120_000);

  it('YAML and TOML read back the same text, and the SAM template has unique logical ids', async () => {
    const read = await execa(python, ['-c', READ_BACK], { input: JSON.stringify(cases), reject: false, all: true });
    expect(read.exitCode, read.all).toBe(0);
    expect(read.stdout).toBe('');
    for (const { root, seed } of cases) {
      let text: string;
      try {
        text = readFileSync(join(root, 'template.yaml'), 'utf8');
      } catch {
        continue;
      }
      // yaml refuses duplicate keys: two resources or events with one logical id fail here.
      expect(() => parse(text), `seed ${seed}`).not.toThrow();
    }
  }, 60_000);
});
