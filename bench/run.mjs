// Start-up, scaffold and install times, side by side on this machine: `npm run bench`.
// Prints the run counts, medians and ratios against the targets; a measurement, not a test
// (always exits 0). BENCH_RUNS and BENCH_INSTALL_RUNS set the counts.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'dist', 'index.js');
const cache = join(repo, '.cache', 'bench');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const installRuns = Number(process.env.BENCH_INSTALL_RUNS ?? 3);
const env = { ...process.env, CI: 'true', NO_COLOR: '1' };

function ensureCreateVite() {
  const entry = join(cache, 'node_modules', 'create-vite', 'index.js');
  if (!existsSync(entry)) {
    console.log('installing create-vite@9 into .cache/bench (once)…');
    execFileSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--silent', 'create-vite@9'], { stdio: 'inherit' });
  }
  return entry;
}

function time(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: 'ignore', ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs the cases round-robin so that machine noise hits them alike; returns medians in ms. */
function measure(cases, count) {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const run of Object.values(cases)) run(); // warm-up: file cache, npm cache
  for (let i = 0; i < count; i++) for (const [name, run] of Object.entries(cases)) samples[name].push(run());
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

function scaffoldCase(run) {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    try {
      return run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const createVite = ensureCreateVite();
const startup = measure(
  {
    'node -e 0': () => time('node', ['-e', '0']),
    'ours --help': () => time('node', [bin, '--help']),
    'create-vite --help': () => time('node', [createVite, '--help']),
  },
  runs,
);
const scaffold = measure(
  {
    'ours: default scaffold (no install, no git)': scaffoldCase((dir) => time('node', [bin, 'svc', '--yes', '--no-install', '--no-git'], { cwd: dir })),
    'create-vite: react-ts': scaffoldCase((dir) => time('node', [createVite, 'app', '--template', 'react-ts', '--no-interactive'], { cwd: dir })),
  },
  runs,
);

// Install: the same generated project, a fresh .venv each run, warm uv and pip caches.
const project = mkdtempSync(join(tmpdir(), 'bench-install-'));
execFileSync('node', [bin, 'svc', '--yes', '--no-install', '--no-git'], { cwd: project, env, stdio: 'ignore' });
const svc = join(project, 'svc');
const freshVenv = (steps) => () => {
  rmSync(join(svc, '.venv'), { recursive: true, force: true });
  return steps.reduce((total, [command, ...args]) => total + time(command, args, { cwd: svc }), 0);
};
const hasUv = spawnSync('uv', ['--version'], { stdio: 'ignore' }).status === 0;
const installCases = {
  'install with pip': freshVenv([
    ['python3', '-m', 'venv', '.venv'],
    ['.venv/bin/python', '-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-e', '.[dev]'],
  ]),
};
if (hasUv) {
  installCases['install with uv'] = freshVenv([
    ['uv', 'venv', '--quiet', '.venv'],
    ['uv', 'pip', 'install', '--quiet', '--python', '.venv/bin/python', '-e', '.[dev]'],
  ]);
}
const install = measure(installCases, installRuns);
rmSync(project, { recursive: true, force: true });

const rows = { ...startup, ...scaffold, ...install };
const ratio = (a, b) => rows[a] / rows[b];
console.log(`\nnode ${process.version}, ${runs} runs (installs: ${installRuns}), medians:`);
for (const [name, ms] of Object.entries(rows)) console.log(`  ${name.padEnd(46)} ${ms.toFixed(0).padStart(7)} ms`);
const targets = [
  ['--help / node -e 0', ratio('ours --help', 'node -e 0'), '<=', 1.25],
  ['our scaffold / create-vite react-ts', ratio('ours: default scaffold (no install, no git)', 'create-vite: react-ts'), '<=', 1.2],
  ...(hasUv ? [['pip install / uv install', ratio('install with pip', 'install with uv'), '>=', 5]] : []),
];
console.log('\nratios:');
for (const [name, value, op, target] of targets) {
  const ok = op === '<=' ? value <= target : value >= target;
  console.log(`  ${name.padEnd(46)} ${value.toFixed(2).padStart(7)}x  (target ${op} ${target}) ${ok ? 'met' : 'NOT met'}`);
}
if (!hasUv) console.log('  (uv is not on PATH: the uv/pip comparison was skipped)');
