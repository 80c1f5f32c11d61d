import { fileURLToPath } from 'node:url';
import { basename, join } from 'node:path';

/** The toolkit's own folder (where schemas/ and xslt/ ship), wherever it is installed. */
export const TOOLKIT_ROOT = fileURLToPath(new URL('../', import.meta.url));

export const DEFAULT_SCHEMA = join(TOOLKIT_ROOT, 'schemas', 'edition.rng');
export const DEFAULT_RULES = join(TOOLKIT_ROOT, 'schemas', 'edition.sch');
export const XSLT_DIR = join(TOOLKIT_ROOT, 'xslt');

/**
 * The name a letter's TEI is published under (dist/data/, web/downloads/):
 * its own file's name, so that the other letters' pointers to it
 * (`other.xml#p3`, the file names every TEI project points by) lead to it
 * there too, also where its xml:id, which names its pages, is another
 * (K_0023 in K_0023_AE_an_Steiner_David_Eduard_1849-12-28.xml); `id.xml`
 * only for a document without a file.
 */
export function teiFileName(file: string | undefined, id: string): string {
  const name = file ? basename(file) : '';
  return name.endsWith('.xml') ? name : `${id}.xml`;
}
