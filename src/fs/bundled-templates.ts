import type { CompiledTemplate } from '../core/files.js';

/**
 * The templates, precompiled, when this runs bundled: scripts/build.mjs replaces this module with
 * them. Run from the sources (tests), there are none and the template files are read instead.
 */
export const bundledTemplates: Record<string, string | CompiledTemplate> | undefined = undefined;
