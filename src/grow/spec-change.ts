import { type Catalog, catalogFrom } from '../core/catalog.js';
import { isStored } from '../core/bases.js';
import { hashContent } from '../core/manifest.js';
import { usageError } from '../core/errors.js';
import { type ServiceModel, type ServiceSpec, buildModel } from '../core/spec.js';
import { onlyFile, render, renderScoped } from '../render/render.js';
import { shippedTemplates } from '../fs/templates.js';
import { packageVersion } from '../version.js';
import { changeScope } from './change-scope.js';
import { type ChangePlan, type ProjectFiles, planChange, refuseUnsettledConflicts } from './plan-change.js';
import { readProjectFiles } from './project.js';
import { refuseNewer, refuseOlder } from './release.js';
import { METADATA, meansAsGenerated } from './metadata-comments.js';

/** The files that must follow the spec even when changed by the user: they are merged, not kept. */
const FOLLOWS = new Set(['pyproject.toml', 'metadata.yml']);

/** Switching an entry point or an adapter never touches the domain. */
export const isDomain = (path: string): boolean => path.startsWith('src/domain/');

export interface SpecChange {
  /** The new spec; undefined re-renders the recorded one (upgrade). */
  edit?: (spec: ServiceSpec, catalog: Catalog) => ServiceSpec;
  protects?: (path: string) => boolean;
  prepare?: (path: string, text: string) => string;
}

/** New requirements reach .venv only when pyproject.toml changes and names one it did not. */
export function needsInstall(plan: ChangePlan): boolean {
  const pyproject = plan.changes.find((c) => c.path === 'pyproject.toml');
  if (!pyproject || pyproject.after === undefined || pyproject.action === 'conflict') return false;
  const before = pyproject.before ?? '';
  return [...plan.model.dependencies, ...plan.model.devDependencies].some((req) => !before.includes(JSON.stringify(req)));
}

/**
 * The recorded spec with its routes pinned as metadata.yml declares them. A metadata.yml exactly
 * as this release renders the spec declares each use case as this release reads it, so a big
 * project's file is not parsed for nothing.
 */
async function declaredSpec(project: ProjectFiles, renderedMetadata: () => string | undefined, version: string, catalog: Catalog): Promise<ServiceSpec> {
  // Pinning parses metadata.yml: the YAML library loads only then.
  const pinned = async (metadata: string | undefined) => (await import('./pin-routes.js')).pinDeclaredRoutes(project.manifest.spec, metadata, catalog);
  const metadata = project.read(METADATA);
  if (metadata === undefined) return pinned(metadata);
  // Untouched since this release wrote it: it declares the recorded spec.
  if (project.manifest.version === version && hashContent(metadata) === project.manifest.files[METADATA]) return project.manifest.spec;
  // As this release renders it, comment and blank lines aside: it declares the recorded spec.
  const rendered = renderedMetadata();
  if (rendered !== undefined && (rendered === metadata || meansAsGenerated(metadata, rendered))) return project.manifest.spec;
  return pinned(metadata);
}

/**
 * A port goes with the last use case of the spec that uses it; a use case declared by hand in
 * metadata.yml may still name it, and would be left without one: refused, nothing changed.
 */
async function refuseDroppingNamedPorts(project: ProjectFiles, before: ServiceModel, after: ServiceModel, prepare: SpecChange['prepare']): Promise<void> {
  const kept = new Set(after.ports.map((port) => port.key));
  const dropped = new Set(before.ports.map((port) => port.key).filter((key) => !kept.has(key)));
  const metadata = dropped.size > 0 ? project.read(METADATA) : undefined;
  if (metadata === undefined) return;
  // The YAML library loads only here, when a port goes.
  const naming = (await import('./metadata-remove.js')).useCasesNamingPorts(prepare?.(METADATA, metadata) ?? metadata, dropped);
  if (naming.length === 0) return;
  const ports = [...dropped].join(', ');
  throw usageError(
    `${dropped.size === 1 ? 'the port' : 'the ports'} ${ports} would go, but metadata.yml still names ${dropped.size === 1 ? 'it' : 'them'} in ${naming.join(', ')}; remove or change ${naming.length === 1 ? 'that use case' : 'those use cases'} first; nothing was changed`,
  );
}

/**
 * Reads the project, checks its release and plans the change. Growing needs a project of this
 * release; upgrading takes any older one and merges every changed file, finding the bases a
 * 0.1.0 project never stored in its git history. `unsettled` lists files still holding the
 * markers of an earlier upgrade's conflicts.
 */
export async function planSpecChange(root: string, change: SpecChange, force: boolean): Promise<{ plan: ChangePlan; unsettled: string[] }> {
  const project = readProjectFiles(root);
  const version = packageVersion();
  const upgrade = change.edit === undefined;
  (upgrade ? refuseNewer : refuseOlder)(project.manifest.version, version);
  if (!upgrade) refuseUnsettledConflicts(project);
  const templates = await shippedTemplates();
  const catalog = catalogFrom(templates);
  // An older release may not have stored every base (0.1.0 stored none): look for the missing
  // ones of changed files in git. This release's bases are also its rendering of the recorded spec.
  if (upgrade && project.manifest.version !== version) {
    const unstored = Object.entries(project.manifest.files).filter(([, hash]) => !isStored(project.bases, hash));
    const changed = unstored.filter(([path, hash]) => {
      const text = project.read(path);
      return text !== undefined && hashContent(text) !== hash;
    });
    if (changed.length > 0) project.recovered = await (await import('./git-bases.js')).basesFromGit(root, Object.fromEntries(changed));
  }
  let before: ServiceModel | undefined;
  try {
    before = buildModel(project.manifest.spec, catalog);
  } catch (error) {
    // An older release's spec this one cannot build: upgrading pins it to what metadata.yml declares.
    if (!upgrade) throw error;
  }
  const edited = change.edit?.(project.manifest.spec, catalog);
  // Across releases every file is rendered: once, for metadata.yml's check and for the plan.
  const everything = before && upgrade && project.manifest.version !== version ? render(before, templates, version) : undefined;
  const renderedMetadata = () => (everything ?? (before && renderScoped(before, templates, version, onlyFile(METADATA))))?.get(METADATA);
  const spec = edited ?? (await declaredSpec(project, renderedMetadata, version, catalog));
  const model = before && spec === project.manifest.spec ? before : buildModel(spec, catalog);
  if (edited && before) await refuseDroppingNamedPorts(project, before, model, change.prepare);
  const plan = planChange(project, {
    spec,
    model,
    rendered: model === before ? everything : undefined,
    // This release's templates made the project: only what the model changes can differ. Another
    // release's templates may differ anywhere, so upgrading from one renders every file.
    scope: before && (edited || project.manifest.version === version) ? { files: changeScope(before, model), before } : undefined,
    catalog,
    templates,
    version,
    merges: upgrade ? () => true : (path) => FOLLOWS.has(path),
    protects: change.protects,
    prepare: change.prepare,
    force,
    strangerInTheWay: upgrade ? 'merge' : 'refuse',
  });
  // The plan found which files hold markers; those it leaves as they are were settled by nobody.
  const touched = new Set(plan.changes.map((c) => c.path));
  const unsettled = upgrade ? plan.conflicts.filter((path) => !touched.has(path)) : [];
  return { plan, unsettled };
}
