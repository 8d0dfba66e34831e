// Prints, as JSON, every command's --help and the flags that take a value, from the commands'
// flag schemas and the catalog; the build saves it as dist/help.json for the bin.
import { join } from 'node:path';
import { ADD_SCHEMA } from '../src/cli/add.js';
import { ADOPT_SCHEMA } from '../src/cli/adopt.js';
import { CHECK_SCHEMA } from '../src/cli/check.js';
import { EXPORT_SCHEMA } from '../src/cli/export.js';
import { REMOVE_SCHEMA } from '../src/cli/remove.js';
import { UPGRADE_SCHEMA } from '../src/cli/upgrade.js';
import { createSchema } from '../src/cli/create-options.js';
import { bake } from '../src/cli/help.js';
import { catalogFrom } from '../src/core/catalog.js';
import { packageRoot } from '../src/fs/package-root.js';
import { loadTemplates } from '../src/fs/template-files.js';
import { packageVersion } from '../src/version.js';

const catalog = catalogFrom(loadTemplates(join(packageRoot(), 'templates')));
process.stdout.write(JSON.stringify(bake([createSchema(packageVersion(), catalog), ADD_SCHEMA, CHECK_SCHEMA, EXPORT_SCHEMA, ADOPT_SCHEMA, REMOVE_SCHEMA, UPGRADE_SCHEMA])));
