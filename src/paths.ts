import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The toolkit's own folder (where schemas/ and xslt/ ship), wherever it is installed. */
export const TOOLKIT_ROOT = fileURLToPath(new URL('../', import.meta.url));

export const DEFAULT_SCHEMA = join(TOOLKIT_ROOT, 'schemas', 'edition.rng');
export const DEFAULT_RULES = join(TOOLKIT_ROOT, 'schemas', 'edition.sch');
export const XSLT_DIR = join(TOOLKIT_ROOT, 'xslt');
