import { toPascalCase } from '../core/names.js';
import { type MetadataStyle, detectMetadataStyle } from './metadata-style.js';
import { bisslogDbNames, classesIn, registeredAdapters, useCaseFunctions } from './python-source.js';
import { type TeamPort, teamPorts } from './team-ports.js';

/**
 * How a hand-made bisslog project is laid out, read from its files, so that new code is
 * written the way the team writes it. Pure: it sees the project as a list of paths and a reader.
 */
export interface Conventions {
  /** Where bisslog-schema finds the metadata (metadata.yml, docs/metadata.yml, …). */
  metadata: string;
  useCasesDir: string;
  /** `@use_case` functions, or `BasicUseCase` subclasses with `use()`. */
  style: 'function' | 'class';
  /** Use cases live in sub-packages (`use_cases/orders/get_order.py`). */
  nested: boolean;
  /** Class style: a module-level UPPER_SNAKE instance (`GET_ORDER = GetOrder()`). */
  instance: boolean;
  /** The name use cases import bisslog_db as (`from bisslog import bisslog_db as db`). */
  dbName: string;
  /** Where a new port and its adapters go: `{port}` and `{tech}` stand for their names. */
  portFile: string;
  adapterFile: string;
  /** Class names of a new port and adapter: `{Port}` and `{Tech}` stand for their PascalCase names. */
  portClass: string;
  adapterClass: string;
  /** The adapter technology a new port gets: an in-memory one when the team has it. */
  memoryTech: string;
  /** The file holding `register_adapters(...)`, if any. */
  registration?: string;
  dependencies: 'requirements.txt' | 'pyproject.toml' | 'none';
  tests: string;
  /** The longest line the project's linters allow (ruff, black, flake8, pylint); 88 when none says. */
  lineLength: number;
  /** How its metadata is written (indentation, lists, quotes). */
  metadataStyle: MetadataStyle;
}

export interface ProjectFiles {
  /** Every file, `/`-separated, relative to the project root. */
  paths: string[];
  read(path: string): string | undefined;
}

/** The places bisslog-schema looks for the metadata, in its order (read_metadata._find_path). */
export const METADATA_CANDIDATES = ['metadata.yml', 'docs/metadata.yml', 'metadata.json', 'docs/metadata.json', 'metadata.yaml', 'docs/metadata.yaml'];
export const USE_CASES_DIR = 'src/domain/use_cases';
const USE_CASE_BASES = new Set(['BasicUseCase', 'FullUseCase', 'AsyncBasicUseCase', 'UseCaseBase']);
const MEMORY_TECH = /memory|cache|vanilla|fake|dict|local/;

export interface UseCaseModule {
  key: string;
  path: string;
  /** The folder under use_cases, '' at the top. */
  folder: string;
  style?: 'function' | 'class';
  /** Module-level instance of the class, if any. */
  instance?: string;
}

/** Use-case modules (any .py but __init__.py under use_cases) and what each defines. */
export function useCaseModulesIn(files: ProjectFiles, useCasesDir = USE_CASES_DIR): UseCaseModule[] {
  return files.paths
    .filter((p) => p.startsWith(`${useCasesDir}/`) && p.endsWith('.py') && !p.endsWith('/__init__.py'))
    .map((path) => {
      const rel = path.slice(useCasesDir.length + 1);
      const key = rel.split('/').pop()!.slice(0, -3);
      const folder = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
      const source = files.read(path) ?? '';
      const cls = classesIn(source).find((c) => c.bases.some((b) => USE_CASE_BASES.has(b)));
      const fn = useCaseFunctions(source)[0];
      if (cls) {
        const instance = source.match(new RegExp(`^(\\w+)\\s*=\\s*${cls.name}\\(\\s*\\)`, 'm'))?.[1];
        return { key, path, folder, style: 'class' as const, ...(instance ? { instance } : {}) };
      }
      if (fn) return { key, path, folder, style: 'function' as const };
      return { key, path, folder };
    });
}

const majority = (yes: number, no: number, tie: boolean) => (yes === no ? tie : yes > no);

/** `path` with its file name rewritten. */
const withName = (path: string, rewrite: (name: string) => string) => {
  const at = path.lastIndexOf('/') + 1;
  return path.slice(0, at) + rewrite(path.slice(at));
};

/** The pattern of an existing port's file, with the port's name replaced by `{port}`. */
type Patterns = Pick<Conventions, 'portFile' | 'adapterFile' | 'portClass' | 'adapterClass'>;

function portPatterns(ports: TeamPort[], memoryTech: string): Patterns {
  const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  // A file named for its port's key shows the pattern (a key registered under another name does not).
  const namedFor = (p: TeamPort) => baseName(p.file) === `${p.key}.py` || baseName(p.file).startsWith(`${p.key}_`);
  const port = ports.find(namedFor);
  if (!port) {
    return {
      portFile: 'src/infra/database/{port}_division.py',
      adapterFile: 'src/infra/database/implementations/{tech}/{port}_{tech}_division.py',
      portClass: '{Port}Division',
      adapterClass: '{Port}{Tech}Division',
    };
  }
  const portFile = withName(port.file, (name) => name.replace(port.key, '{port}'));
  const adapter = port.adapters.find((a) => a.tech === memoryTech) ?? port.adapters.find((a) => a.tech !== undefined);
  const tech = adapter?.tech;
  const adapterFile = tech
    ? withName(adapter.file.replace(`/${tech}/`, '/{tech}/'), (name) => name.replace(port.key, '{port}').replace(tech, '{tech}'))
    : `${portFile.slice(0, portFile.lastIndexOf('/'))}/implementations/{tech}/{port}_{tech}_division.py`;
  const Port = toPascalCase(port.key);
  const portClass = port.className.includes(Port) ? port.className.replace(Port, '{Port}') : '{Port}Division';
  const adapterClass =
    adapter?.tech && adapter.className.includes(Port) && adapter.className.includes(toPascalCase(adapter.tech))
      ? adapter.className.replace(Port, '{Port}').replace(toPascalCase(adapter.tech), '{Tech}')
      : portClass.replace('{Port}', '{Port}{Tech}');
  return { portFile, adapterFile, portClass, adapterClass };
}

const LINE_LENGTH_FILES = ['pyproject.toml', 'ruff.toml', '.ruff.toml', 'setup.cfg', 'tox.ini', '.flake8', 'pylintrc', '.pylintrc'];

function lineLength(files: ProjectFiles): number {
  for (const path of LINE_LENGTH_FILES) {
    const found = files.read(path)?.match(/^\s*(?:line-length|line_length|max-line-length)\s*[=:]\s*(\d+)/m);
    if (found) return Number(found[1]);
  }
  return 88;
}

export function findMetadata(files: ProjectFiles): string | undefined {
  const present = new Set(files.paths);
  return METADATA_CANDIDATES.find((p) => present.has(p));
}

export function detectConventions(files: ProjectFiles): Conventions {
  const metadata = findMetadata(files) ?? 'metadata.yml';
  const modules = useCaseModulesIn(files);
  const classes = modules.filter((m) => m.style === 'class');
  const functions = modules.filter((m) => m.style === 'function');
  const useCases = modules.filter((m) => m.style !== undefined);
  const nestedCount = useCases.filter((m) => m.folder !== '').length;
  const withInstance = classes.filter((m) => m.instance !== undefined && m.instance === m.instance.toUpperCase()).length;

  const dbName = useCases.flatMap((m) => bisslogDbNames(files.read(m.path) ?? ''))[0] ?? 'db';

  const ports = teamPorts(files);
  const techs = ports.flatMap((p) => p.adapters.map((a) => a.tech).filter((t): t is string => t !== undefined));
  const memoryTech = techs.find((t) => MEMORY_TECH.test(t)) ?? 'memory';
  const registration = files.paths.filter((p) => p.endsWith('.py') && p.startsWith('src/')).find((p) => registeredAdapters(files.read(p) ?? '').size > 0);
  const present = new Set(files.paths);
  const testsDir = ['tests/unit', 'tests/use_cases', 'tests', 'test'].find((dir) => files.paths.some((p) => p.startsWith(`${dir}/`))) ?? 'tests';

  return {
    metadata,
    useCasesDir: USE_CASES_DIR,
    style: majority(classes.length, functions.length, false) ? 'class' : 'function',
    nested: majority(nestedCount, useCases.length - nestedCount, false),
    instance: majority(withInstance, classes.length - withInstance, true),
    dbName,
    ...portPatterns(ports, memoryTech),
    memoryTech,
    ...(registration ? { registration } : {}),
    dependencies: present.has('requirements.txt') ? 'requirements.txt' : present.has('pyproject.toml') ? 'pyproject.toml' : 'none',
    tests: testsDir,
    lineLength: lineLength(files),
    metadataStyle: detectMetadataStyle(files.read(metadata) ?? ''),
  };
}
