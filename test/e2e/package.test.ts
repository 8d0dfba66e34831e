import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { catalogFrom } from '../../src/core/catalog.js';
import { withManifest } from '../../src/core/manifest.js';
import { buildModel } from '../../src/core/spec.js';
import { packageRoot } from '../../src/fs/package-root.js';
import { loadTemplates } from '../../src/fs/template-files.js';
import { render } from '../../src/render/render.js';
import { REPO, ciEnv, cli, tempDir } from './support.js';

describe('the published package', () => {
  it('packs under 500 kB, installs as one package with no dependencies, and runs from the tarball', async () => {
    const packDir = tempDir('cbs-pack-');
    // --ignore-scripts: the other tests are using dist/, so prepack must not rebuild it now.
    const packed = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO });
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
    // Most of it is the V8 code cache (dist/cli-*.cache), which saves every run the compile of the CLI.
    expect(info!.size).toBeLessThan(500_000);
    expect(info!.files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/index.cjs', 'dist/cli.cjs', `dist/cli-${process.versions.v8}-${process.arch}.cache`, 'dist/help.json', 'CHANGELOG.md']));

    const app = tempDir('cbs-install-');
    await execa('npm', ['init', '-y'], { cwd: app });
    await execa('npm', ['install', '--no-audit', '--no-fund', '--offline', join(packDir, info!.filename)], { cwd: app });
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['create-bisslog-service']);

    const bin = join(app, 'node_modules', '.bin', 'create-bisslog-service');
    const help = await execa(bin, ['--help'], { cwd: app, env: ciEnv() });
    expect(help.stdout).toContain('Usage:');
    const made = await execa(bin, ['svc', '--yes', '--no-install', '--no-git'], { cwd: app, env: ciEnv(), reject: false });
    expect(made.exitCode, made.stderr).toBe(0);
    expect(readFileSync(join(app, 'svc', 'metadata.yml'), 'utf8')).toContain('create_item:');
  }, 120_000);

  it('renders with its precompiled templates exactly what the template sources render', async () => {
    const cwd = tempDir();
    const spec = {
      name: 'Every piece',
      description: 'all entry points and adapters',
      team: 'qa',
      entryPoints: ['flask', 'fastapi', 'lambda'],
      adapters: ['memory', 'mongo'],
      useCases: ['create_order', 'get_order', 'list_orders', 'update_order', 'delete_order', 'send_invoice'],
    };
    const args = ['svc', '--name', spec.name, '--description', spec.description, '--team', spec.team, '--entry', spec.entryPoints.join(','), '--adapter', 'mongo', '--use-case', spec.useCases.join(','), '--no-install', '--no-git'];
    const result = await cli(args, { cwd });
    expect(result.exitCode, result.stderr).toBe(0);

    const templates = loadTemplates(join(packageRoot(), 'templates'));
    const model = buildModel(spec, catalogFrom(templates));
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    const expected = withManifest(render(model, templates, version), model.spec, version);
    for (const [path, content] of expected) {
      expect(readFileSync(join(cwd, 'svc', path), 'utf8'), path).toBe(Buffer.from(content).toString('utf8'));
    }
  });
});
