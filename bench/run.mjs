// Start-up, scaffold, install and growth times, side by side on this machine: `npm run bench`.
// Prints the run counts, medians and paired ratios (the median of per-round ratios) against the
// targets; a measurement, not a test (always exits 0). Environment:
//   BENCH_RUNS (15), BENCH_INSTALL_RUNS (3), BENCH_SCALE_RUNS (9): runs per case
//   BENCH_SCALE (10,50,100,300): use-case counts of the scaling table, the first one the base
//   BENCH_PARTS (startup,scaffold,install,overhead,scaling): which parts run; e.g. BENCH_PARTS=scaling
//     BENCH_SCALE=10,300 BENCH_SCALE_RUNS=3 for a short run
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'dist', 'index.cjs');
const cache = join(repo, '.cache', 'bench');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const installRuns = Number(process.env.BENCH_INSTALL_RUNS ?? 3);
const scaleRuns = Number(process.env.BENCH_SCALE_RUNS ?? 9);
const scale = (process.env.BENCH_SCALE ?? '10,50,100,300').split(',').map(Number);
const parts = new Set((process.env.BENCH_PARTS ?? 'startup,scaffold,install,overhead,scaling').split(','));
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

/**
 * Flushes the writes still pending from earlier runs and copies (e.g. \`sync\` on Linux), so
 * that every timed run starts on a settled disk, as a user's project is at rest: on ext4 a
 * timed run's file creations otherwise wait on the write-back of the 6 MB copy made just before.
 */
const settle = () => spawnSync('sync', { stdio: 'ignore' });

/** Every run's time per case, in ms: the ratios pair the runs of one round. */
const samplesOf = {};

/** Runs the cases round-robin so that machine noise hits them alike; returns medians in ms. */
function measure(cases, count) {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const run of Object.values(cases)) run(); // warm-up: file cache, npm cache
  for (let i = 0; i < count; i++) {
    for (const [name, run] of Object.entries(cases)) {
      settle();
      samples[name].push(run());
    }
  }
  Object.assign(samplesOf, samples);
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/**
 * Scaffolds are removed when the part is over, not between runs: removing a project's files
 * right before the next case would time that case against the file system's cleanup.
 */
const scaffolded = [];
const removeScaffolded = () => scaffolded.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
process.on('exit', removeScaffolded);

function scaffoldCase(run) {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    scaffolded.push(dir);
    return run(dir);
  };
}

// uv on PATH, or the one BENCH_UV names (put first on PATH alone, not the rest of its folder,
// which may be a virtualenv with its own python3). BENCH_OVERHEAD_RUNS (7): rounds of the
// paired measure of our overhead around uv.
if (process.env.BENCH_UV) {
  const uvDir = mkdtempSync(join(tmpdir(), 'bench-uv-'));
  symlinkSync(resolve(process.env.BENCH_UV), join(uvDir, 'uv'));
  process.on('exit', () => rmSync(uvDir, { recursive: true, force: true }));
  env.PATH = `${uvDir}${delimiter}${env.PATH}`;
}
const hasUv = spawnSync('uv', ['--version'], { env, stdio: 'ignore' }).status === 0;
const overheadRuns = Number(process.env.BENCH_OVERHEAD_RUNS ?? 7);
let overhead;
const hasTime = existsSync('/usr/bin/time');
const rows = {};

if (parts.has('startup') || parts.has('scaffold')) {
  const createVite = ensureCreateVite();
  // One round-robin for both parts, so that every ratio pairs runs of the same round.
  const cases = { 'node -e 0': () => time('node', ['-e', '0']) };
  if (parts.has('startup')) {
    cases['ours --help'] = () => time('node', [bin, '--help']);
    cases['create-vite --help'] = () => time('node', [createVite, '--help']);
  }
  if (parts.has('scaffold')) {
    cases['ours: default scaffold (no install, no git)'] = scaffoldCase((dir) => time('node', [bin, 'svc', '--yes', '--no-install', '--no-git'], { cwd: dir }));
    cases['create-vite: react-ts'] = scaffoldCase((dir) => time('node', [createVite, 'app', '--template', 'react-ts', '--no-interactive'], { cwd: dir }));
  }
  Object.assign(rows, measure(cases, runs));
  removeScaffolded();
}

if (parts.has('install')) {
  // Install: the same generated project, a fresh .venv each run, warm uv and pip caches.
  const project = mkdtempSync(join(tmpdir(), 'bench-install-'));
  execFileSync('node', [bin, 'svc', '--yes', '--no-install', '--no-git'], { cwd: project, env, stdio: 'ignore' });
  const svc = join(project, 'svc');
  const freshVenv = (steps) => () => {
    rmSync(join(svc, '.venv'), { recursive: true, force: true });
    return steps.reduce((total, [command, ...args]) => total + time(command, args, { cwd: svc }), 0);
  };
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
  Object.assign(rows, measure(installCases, installRuns));
  rmSync(project, { recursive: true, force: true });
}
if (parts.has('overhead') && hasUv) installOverhead();

/** The words of a command line as shellLine (src/install/python.ts) writes it to the install log. */
function shellWords(line) {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map(([, quoted, bare]) => (quoted === undefined ? bare : quoted.replaceAll(`'\\''`, `'`)));
}

/**
 * Our overhead around uv, paired per round: (scaffold + install) minus the scaffold alone, over
 * the uv commands our install ran (read back from its log) run bare in a project scaffolded
 * untimed. Each case gets a project of its own in a fresh folder: uv's build of the editable
 * project and its .venv are never reused across cases.
 */
function installOverhead() {
  const work = mkdtempSync(join(tmpdir(), 'bench-overhead-'));
  let round = 0;
  const fresh = () => join(work, String(round++));
  let commands;
  const ours = (args) => () => {
    const dir = fresh();
    mkdirSync(dir);
    const ms = time('node', [bin, 'svc', '--yes', '--no-git', ...args], { cwd: dir });
    if (!args.includes('--no-install')) {
      const log = readFileSync(join(dir, 'svc', '.bisslog', 'install.log'), 'utf8');
      commands = log.split('\n').filter((line) => line.startsWith('$ ')).map((line) => shellWords(line.slice(2)));
    }
    rmSync(dir, { recursive: true, force: true });
    return ms;
  };
  const bare = () => {
    const dir = fresh();
    mkdirSync(dir);
    execFileSync('node', [bin, 'svc', '--yes', '--no-install', '--no-git'], { cwd: dir, env, stdio: 'ignore' });
    const ms = commands.reduce((total, [command, ...args]) => total + time(command, args, { cwd: join(dir, 'svc') }), 0);
    rmSync(dir, { recursive: true, force: true });
    return ms;
  };
  const cases = { full: ours(['--installer', 'uv']), scaffold: ours(['--no-install']), bare };
  const samples = { full: [], scaffold: [], bare: [] };
  for (const run of Object.values(cases)) run(); // warm-up; also reads the commands from our log
  for (let i = 0; i < overheadRuns; i++) for (const [name, run] of Object.entries(cases)) samples[name].push(run());
  rmSync(work, { recursive: true, force: true });
  rows['ours: scaffold + install with uv'] = median(samples.full);
  rows['ours: scaffold (no install)'] = median(samples.scaffold);
  rows['bare: the uv commands ours ran'] = median(samples.bare);
  overhead = median(samples.full.map((full, i) => (full - samples.scaffold[i]) / samples.bare[i]));
  console.log(`\nthe uv commands ours ran:\n${commands.map((argv) => `  ${argv.join(' ')}`).join('\n')}`);
}

/** `count` use-case names, ten verbs to a port, as a service grows. */
function useCaseNames(count) {
  const verbs = ['create', 'get', 'list', 'update', 'delete', 'approve', 'cancel', 'archive', 'restore', 'publish'];
  const noun = (n) => `item${String.fromCharCode(97 + (n % 26))}${'x'.repeat(Math.floor(n / 26))}`;
  return Array.from({ length: count }, (_, i) => `${verbs[i % 10]}_${noun(Math.floor(i / 10))}`);
}

/** Wall time and, where /usr/bin/time is, the child's peak resident memory in MiB. */
function timeWithMemory(args, cwd) {
  if (!hasTime) return { ms: time('node', args, { cwd }), mib: NaN };
  const report = join(cwd, '..', 'rss.txt');
  const ms = time('/usr/bin/time', ['-f', '%M', '-o', report, 'node', ...args], { cwd });
  return { ms, mib: Number(readFileSync(report, 'utf8').trim().split('\n').pop()) / 1024 };
}

/**
 * Release 0.2.0 built from this repository's history (once, into .cache/bench): projects it made
 * are what a real upgrade starts from. Undefined when the clone lacks that commit.
 */
const RELEASE_0_2_0 = 'd5fd400';
/** What the manifest of the `upgrade release` row says made the project. */
const OLDER_RELEASE = '0.1.0';
function previousRelease() {
  const dir = join(cache, 'release-0.2.0');
  const entry = join(dir, 'dist', 'index.js');
  if (existsSync(entry)) return entry;
  if (spawnSync('git', ['cat-file', '-e', `${RELEASE_0_2_0}^{commit}`], { cwd: repo, stdio: 'ignore' }).status !== 0) return undefined;
  console.log(`building release 0.2.0 (${RELEASE_0_2_0}) into .cache/bench (once)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive --format=tar ${RELEASE_0_2_0} | tar -x -C "${dir}"`], { cwd: repo });
  if (readFileSync(join(dir, 'package-lock.json'), 'utf8') === readFileSync(join(repo, 'package-lock.json'), 'utf8')) {
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  } else {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: dir, stdio: 'inherit' });
  }
  execFileSync('node', ['scripts/build.mjs'], { cwd: dir, stdio: 'ignore' });
  return entry;
}

/**
 * Scaffold with n use cases, and each grow command on a copy of a project of that size;
 * round-robin over the sizes. The projects: made by this release; the same with a comment of the
 * team's atop metadata.yml (no longer as generated); the same with its manifest
 * naming an older release, so that upgrade takes the path of a change of release (every file
 * rendered and compared) without the template changes a real one brings; and made by 0.2.0,
 * whose first upgrade also moves its base files (one per base) into the pack, once. Each row
 * with a target has it in the ratios section.
 */
function measureScaling() {
  const work = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const useCaseArgs = (n) => useCaseNames(n).flatMap((name) => ['--use-case', name]);
  const scaffold = (binary, name, n) =>
    execFileSync('node', [binary, name, '--yes', '--no-install', '--no-git', ...useCaseArgs(n)], { cwd: work, env, stdio: 'ignore' });
  const projects = new Map();
  const oldBin = previousRelease();
  for (const n of scale) {
    scaffold(bin, `p${n}`, n);
    projects.set(`p${n}`, join(work, `p${n}`));
    const other = join(work, `release${n}`);
    cpSync(join(work, `p${n}`), other, { recursive: true });
    const manifest = join(other, '.bisslog', 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^ {2}"version": "[^"]*"/m, `  "version": "${OLDER_RELEASE}"`));
    projects.set(`release${n}`, other);
    const commented = join(work, `commented${n}`);
    cpSync(join(work, `p${n}`), commented, { recursive: true });
    const metadata = join(commented, 'metadata.yml');
    writeFileSync(metadata, `# Owned by the platform team; ask in #platform before changing a route.\n${readFileSync(metadata, 'utf8')}`);
    projects.set(`commented${n}`, commented);
    if (oldBin) {
      scaffold(oldBin, `old${n}`, n);
      projects.set(`old${n}`, join(work, `old${n}`));
    }
  }
  const scaffoldOnce = (n) => {
    const dir = mkdtempSync(join(work, 'run-'));
    scaffolded.push(dir);
    settle();
    return timeWithMemory([bin, 'svc', '--yes', '--no-install', '--no-git', ...useCaseArgs(n)], dir);
  };
  /** The command run in a fresh copy of the project of size n. */
  const growOnce = (project, args) => (n) => {
    const dir = mkdtempSync(join(work, 'run-'));
    scaffolded.push(dir);
    cpSync(projects.get(`${project}${n}`), join(dir, 'svc'), { recursive: true });
    settle();
    return timeWithMemory([bin, ...args], join(dir, 'svc'));
  };
  // [label, run, target]: get_itema is in every project; check skips the analyzer (a Python process).
  const cases = [
    ['scaffold', scaffoldOnce, false],
    ['add use-case', growOnce('p', ['add', 'use-case', 'approve_invoice']), true],
    ['add, commented', growOnce('commented', ['add', 'use-case', 'approve_invoice']), true],
    ['remove use-case', growOnce('p', ['remove', 'use-case', 'get_itema']), true],
    ['check', growOnce('p', ['check', '--no-analyzer']), true],
    ['upgrade (none)', growOnce('p', ['upgrade']), true],
    ['upgrade release', growOnce('release', ['upgrade']), true],
  ];
  // A one-time migration: no target (the README says what it costs and why).
  if (oldBin) cases.push(['upgrade 0.2.0', growOnce('old', ['upgrade']), false]);
  const result = {};
  for (const [label, once, target] of cases) {
    const samples = new Map(scale.map((n) => [n, []]));
    for (const n of scale) once(n); // warm-up
    for (let i = 0; i < scaleRuns; i++) for (const n of scale) samples.get(n).push(once(n));
    removeScaffolded();
    result[label] = {
      target,
      cells: scale.map((n) => ({
        n,
        ms: median(samples.get(n).map((s) => s.ms)),
        // Paired: each run against the base size's run of the same round.
        ratio: median(samples.get(n).map((s, i) => s.ms / samples.get(scale[0])[i].ms)),
        mib: Math.max(...samples.get(n).map((s) => s.mib)),
      })),
    };
  }
  rmSync(work, { recursive: true, force: true });
  return { table: result, oldRelease: oldBin !== undefined };
}

/** The median of the per-round ratios a/b: paired, so a slow moment slows both alike. */
const ratio = (a, b) => median(samplesOf[a].map((ms, i) => ms / samplesOf[b][i]));
if (Object.keys(rows).length > 0) {
  console.log(`\nnode ${process.version}, ${runs} runs (installs: ${installRuns}), medians:`);
  for (const [name, ms] of Object.entries(rows)) console.log(`  ${name.padEnd(46)} ${ms.toFixed(0).padStart(7)} ms`);
}
const targets = [];
const has = (...names) => names.every((name) => name in rows);
if (has('ours --help', 'node -e 0')) targets.push(['--help / node -e 0', ratio('ours --help', 'node -e 0'), '<=', 1.25]);
const ourScaffold = 'ours: default scaffold (no install, no git)';
if (has(ourScaffold, 'create-vite: react-ts')) targets.push(['our scaffold / create-vite react-ts', ratio(ourScaffold, 'create-vite: react-ts'), '<=', 1.0]);
if (has(ourScaffold, 'node -e 0')) targets.push(['our scaffold / node -e 0', ratio(ourScaffold, 'node -e 0'), '<=', 1.4]);
if (has('install with pip', 'install with uv')) targets.push(['pip install / uv install', ratio('install with pip', 'install with uv'), '>=', 5]);
if (overhead !== undefined) targets.push(['our install overhead around uv (paired)', overhead, '<=', 1.05]);

if (parts.has('scaling')) {
  const { table, oldRelease } = measureScaling();
  console.log(`\nscaling (${scaleRuns} runs; time: median; x: paired median ratio to ${scale[0]} use cases; peak RSS: max):`);
  console.log(`  ${'use cases'.padEnd(16)}${scale.map((n) => String(n).padStart(24)).join('')}`);
  for (const [label, { cells }] of Object.entries(table)) {
    const cell = (c) => `${c.ms.toFixed(0)} ms ${c.ratio.toFixed(2)}x ${Number.isNaN(c.mib) ? '' : `${c.mib.toFixed(0)} MiB`}`;
    console.log(`  ${label.padEnd(16)}${cells.map((c) => cell(c).padStart(24)).join('')}`);
  }
  if (!hasTime) console.log('  (/usr/bin/time is missing: no peak memory)');
  if (!oldRelease) console.log(`  (this clone lacks release 0.2.0's commit ${RELEASE_0_2_0}: no real upgrade row)`);
  if (scale.length > 1) {
    for (const [label, { cells, target }] of Object.entries(table)) {
      if (!target) continue;
      const largest = cells[cells.length - 1];
      targets.push([`${label} at ${largest.n} / at ${scale[0]} use cases`, largest.ratio, '<=', 1.5]);
      if (!Number.isNaN(largest.mib)) targets.push([`${label} at ${largest.n} use cases, peak MiB`, largest.mib, '<=', 120]);
    }
  }
}

console.log('\nratios:');
for (const [name, value, op, target] of targets) {
  const ok = op === '<=' ? value <= target : value >= target;
  console.log(`  ${name.padEnd(46)} ${value.toFixed(2).padStart(7)}${name.endsWith('MiB') ? '   ' : 'x  '}(target ${op} ${target}) ${ok ? 'met' : 'NOT met'}`);
}
if ((parts.has('install') || parts.has('overhead')) && !hasUv) console.log('  (uv is not on PATH nor named by BENCH_UV: the uv/pip comparison and our overhead around uv were skipped)');
