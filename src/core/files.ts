/** Generated files keyed by their path in the project, in sorted order. */
export type FileMap = Map<string, string>;

/** What a file is written with: text, or bytes (the bases pack) written as they are. */
export type FileContent = string | Uint8Array;

/** Files to write keyed by their path in the project: generated texts and the bases pack. */
export type FileWrites = Map<string, FileContent>;

/**
 * A template the build compiled to a function of its data. What that data holds is the
 * renderer's business, so core types the argument as nothing it could build itself.
 */
export type CompiledTemplate = (it: never) => string;

/**
 * Templates keyed by their path under templates/, e.g. `base/metadata.yml.ejs`: the file's
 * text, or for an `.ejs` file the function the build compiled from it.
 */
export type TemplateSet = ReadonlyMap<string, string | CompiledTemplate>;
