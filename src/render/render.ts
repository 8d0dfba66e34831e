import { ADAPTERS_DIR, DESCRIPTOR, ENTRY_POINTS_DIR } from '../core/catalog.js';
import { byCodePoint, byKey } from '../core/compare.js';
import type { CompiledTemplate, FileMap, TemplateSet } from '../core/files.js';
import type { ServiceModel } from '../core/spec.js';
import type { PortModel, UseCaseModel } from '../core/use-cases.js';
import { helpers } from './escape.js';

/**
 * An `.ejs` template as the function of its data (`it`) it was compiled to: the bundle ships them
 * compiled, and loadTemplates compiles the repository's.
 */
export function compiled<Data = TemplateData>(templatePath: string, template: string | CompiledTemplate): (it: Data) => string {
  if (typeof template !== 'function') throw new Error(`template ${templatePath} is not compiled (see src/render/compile.ts)`);
  return template as unknown as (it: Data) => string;
}

export const BASE_LAYER = 'base';
const USE_CASE_SLOT = '[use_case]';
const PORT_SLOT = '[port]';

// npm drops .gitignore from published packages, so it ships under another name.
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

export interface TemplateData {
  model: ServiceModel;
  /** The tool version rendering the project: the generated CI runs exactly this one. */
  toolVersion: string;
  uc?: UseCaseModel;
  port?: PortModel;
  h: typeof helpers;
  /** Renders `partials/<path>` with this data, plus `extra` (e.g. another `uc`). */
  include: (path: string, extra?: Partial<TemplateData> & Record<string, unknown>) => string;
  /** Renders `<layer>/fragments/<name>` of every chosen layer that has one, in layer order. */
  fragments: (name: string) => string;
}

/** A layer's fragments/ are pieces other layers' files take in (template.yaml's tables), never files. */
export const FRAGMENTS_DIR = 'fragments';

/** Templates under partials/ are never files of their own: templates include them. */
export const PARTIALS_DIR = 'partials';
/** Files several layers need (the boto3 clients of the AWS adapters), named in their catalog.json. */
export const SHARED_DIR = 'shared';

/** The layers a model draws from, in the order their files are laid down. */
export function layersOf(model: ServiceModel): string[] {
  return [
    BASE_LAYER,
    ...model.entryPoints.map((e) => `${ENTRY_POINTS_DIR}/${e.id}`),
    ...model.adapters.map((a) => `${ADAPTERS_DIR}/${a.id}`),
  ];
}

/** templates/shared/ paths the chosen layers ask for, each once. */
function sharedOf(model: ServiceModel): string[] {
  const layers = [...model.entryPoints, ...model.adapters];
  return [...new Set(layers.flatMap((layer) => layer.shared))].sort(byCodePoint);
}

function outputPath(templatePath: string): string {
  return templatePath
    .replace(/\.ejs$/, '')
    .split('/')
    .map((part) => RENAMES[part] ?? part)
    .join('/');
}

/** Data for one template; `include` resolves partials from the same template set. */
function dataFor(templates: TemplateSet, data: Omit<TemplateData, 'include' | 'h' | 'fragments'>): TemplateData {
  const full: TemplateData = {
    ...data,
    h: helpers,
    fragments: (name) =>
      layersOf(data.model)
        .map((layer) => `${layer}/${FRAGMENTS_DIR}/${name}`)
        .filter((path) => templates.has(path))
        .map((path) => compiled(path, templates.get(path)!)(full))
        .join(''),
    include: (path, extra) => {
      const partialPath = `${PARTIALS_DIR}/${path}`;
      const source = templates.get(partialPath);
      if (source === undefined) throw new Error(`no partial ${partialPath}`);
      // Most includes pass nothing extra: they render with this very data.
      return compiled(partialPath, source)(extra === undefined ? full : dataFor(templates, { ...data, ...extra }));
    },
  };
  return full;
}

/**
 * `text` ending in one newline, or undefined when it is only whitespace. Most rendered texts end
 * so already and are returned as they are, not copied: an upgrade renders megabytes.
 */
function endedWithNewline(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  if (end === 0) return undefined;
  return end === text.length - 1 && text[end] === '\n' ? text : `${text.slice(0, end)}\n`;
}

/** The rendered text, or undefined when an `.ejs` template renders only whitespace. */
function renderOne(templatePath: string, source: string | CompiledTemplate, data: TemplateData): string | undefined {
  if (typeof source === 'string' && !templatePath.endsWith('.ejs')) return endedWithNewline(source) ?? '\n';
  // A template that renders nothing is how a base file opts out, e.g. a Dockerfile with no HTTP entry point.
  return endedWithNewline(compiled(templatePath, source)(data));
}

/** Every folder holding Python code becomes a package, so bisslog can import it by dotted path. */
function addPackageMarkers(files: FileMap, paths: Iterable<string> = [...files.keys()]): void {
  // Each folder once, from the file up: a folder done has its parents done.
  const done = new Set<string>();
  for (const path of paths) {
    if (!path.endsWith('.py') || !/^(src|tests)\//.test(path)) continue;
    for (let folder = path.slice(0, path.lastIndexOf('/')); folder !== '' && !done.has(folder); folder = folder.slice(0, Math.max(folder.lastIndexOf('/'), 0))) {
      done.add(folder);
      if (!files.has(`${folder}/__init__.py`)) files.set(`${folder}/__init__.py`, '');
    }
  }
}

/** Which of a model's files to render: the others are not rendered at all. */
export interface RenderScope {
  /** A file rendered once (not per use case or port), by its path. */
  file(path: string): boolean;
  useCase(key: string): boolean;
  port(key: string): boolean;
}

const EVERYTHING: RenderScope = { file: () => true, useCase: () => true, port: () => true };

/** One file rendered once (e.g. metadata.yml), and nothing else. */
export const onlyFile = (target: string): RenderScope => ({ file: (path) => path === target, useCase: () => false, port: () => false });

/**
 * Pure: the same model and templates always give the same files, byte for byte.
 * A template path holding `[use_case]` or `[port]` is rendered once per use case or port;
 * an `.ejs` template whose output is only whitespace writes no file.
 */
export function render(model: ServiceModel, templates: TemplateSet, toolVersion: string): FileMap {
  return renderScoped(model, templates, toolVersion, EVERYTHING);
}

/**
 * render's files within `scope`, each exactly as render gives it, with every package marker
 * render gives: what a change needs of a big project without rendering all of it.
 */
export function renderScoped(model: ServiceModel, templates: TemplateSet, toolVersion: string, scope: RenderScope): FileMap {
  const files: FileMap = new Map();
  // Files of use cases and ports out of scope still have their folders' package markers.
  const unrendered: string[] = [];
  const emit = (path: string, content: string | undefined) => {
    if (content === undefined) return;
    if (files.has(path)) throw new Error(`two templates write ${path}`);
    files.set(path, content);
  };
  for (const layer of layersOf(model)) {
    const prefix = `${layer}/`;
    const layerTemplates = [...templates.keys()].filter((p) => p.startsWith(prefix)).sort();
    for (const templatePath of layerTemplates) {
      const relative = templatePath.slice(prefix.length);
      if (relative === DESCRIPTOR || relative.startsWith(`${FRAGMENTS_DIR}/`)) continue;
      const source = templates.get(templatePath)!;
      const target = outputPath(relative);
      if (target.includes(USE_CASE_SLOT)) {
        for (const uc of model.useCases) {
          const path = target.replaceAll(USE_CASE_SLOT, uc.key);
          if (scope.useCase(uc.key)) emit(path, renderOne(templatePath, source, dataFor(templates, { model, toolVersion, uc, port: uc.port })));
          else unrendered.push(path);
        }
      } else if (target.includes(PORT_SLOT)) {
        for (const port of model.ports) {
          const path = target.replaceAll(PORT_SLOT, port.key);
          if (scope.port(port.key)) emit(path, renderOne(templatePath, source, dataFor(templates, { model, toolVersion, port })));
          else unrendered.push(path);
        }
      } else if (scope.file(target)) {
        emit(target, renderOne(templatePath, source, dataFor(templates, { model, toolVersion })));
      }
    }
  }
  for (const path of sharedOf(model).filter((p) => scope.file(outputPath(p)))) {
    const templatePath = `${SHARED_DIR}/${path}`;
    const source = templates.get(templatePath);
    if (source === undefined) throw new Error(`no shared template ${templatePath}`);
    emit(outputPath(path), renderOne(templatePath, source, dataFor(templates, { model, toolVersion })));
  }
  addPackageMarkers(files, [...files.keys(), ...unrendered]);
  return new Map([...files.entries()].sort(byKey));
}
