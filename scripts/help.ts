// Prints the --help text from the option schema and the catalog; the build saves it as dist/help.txt.
import { join } from 'node:path';
import { createHelp } from '../src/cli/help.js';
import { catalogFrom } from '../src/core/catalog.js';
import { loadTemplates, packageRoot } from '../src/render/load-templates.js';
import { packageVersion } from '../src/version.js';

process.stdout.write(createHelp(packageVersion(), catalogFrom(loadTemplates(join(packageRoot(), 'templates')))));
