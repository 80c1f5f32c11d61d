/**
 * A disk cache of DocumentModels for `tei-edition cite`, so that a cold
 * process does not load SaxonJS (≈175 ms) and run xslt/model.xsl
 * (≈100 ms) for a document it has read before.
 *
 * Key: sha256 of the cache format, the toolkit version, the texts of
 * xslt/model.xsl and of the compiled model reader, the file's base name
 * (the model's id may come from it) and the document's text; any change
 * to one of them is a miss. The
 * `file` field is not cached (the same text may be named by another path).
 * Files are written atomically (temp + rename); an unwritable cache only
 * costs time. Every edit of a cited document adds an entry, so after a
 * new one the least recently used beyond MODEL_CACHE_KEEP are removed.
 * Location: in an edition (a folder with edition.json), its own
 * `.cache/tei-edition/model/` beside the build's cache (a letter's data
 * stays in the edition's folder, not in the toolkit's installation, which
 * init's `file:` dependency makes the toolkit's checkout); else
 * `<toolkit>/.cache/model/`; `$TEI_EDITION_CACHE/model/` when that
 * variable is set.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TOOLKIT_ROOT, XSLT_DIR } from '../paths.js';
import { pruneCache, touchCacheEntry } from '../write/cache-prune.js';
import { VERSION } from '../version.js';
import type { DocumentModel } from '../model/types.js';

const FORMAT = 'tei-edition-model-cache-1';

export const modelCacheStats = { hits: 0, misses: 0 };

/** How many document models `.cache/model` keeps (a few kB each): an edition of thousands of letters, each cited. */
export const MODEL_CACHE_KEEP = 4096;

/** The cache's folder: $TEI_EDITION_CACHE/model, else the edition's own (`editionCache`: its .cache/tei-edition), else the toolkit's. */
export function modelCacheDir(editionCache?: string): string {
  if (process.env.TEI_EDITION_CACHE) return join(process.env.TEI_EDITION_CACHE, 'model');
  return editionCache ? join(editionCache, 'model') : join(TOOLKIT_ROOT, '.cache', 'model');
}

let reader: Promise<string> | undefined;

async function cacheKey(file: string, text: string): Promise<string> {
  reader ??= Promise.all([readFile(join(XSLT_DIR, 'model.xsl'), 'utf8'), readFile(new URL('../model/read.js', import.meta.url), 'utf8').catch(() => '')]).then((texts) =>
    texts.join('\0'),
  );
  const h = createHash('sha256');
  h.update(`${FORMAT}\0${VERSION}\0${await reader}\0${basename(file)}\0${text}`);
  return h.digest('hex');
}

/** The document's model, from the cache or from xslt/model.xsl (then cached). */
export async function readModelCached(file: string, text: string, editionCache?: string): Promise<DocumentModel> {
  const dir = modelCacheDir(editionCache);
  const path = join(dir, `${await cacheKey(file, text)}.model.json`);
  try {
    const cached = JSON.parse(await readFile(path, 'utf8')) as Omit<DocumentModel, 'file'>;
    if (cached && typeof cached.id === 'string') {
      modelCacheStats.hits++;
      touchCacheEntry(path);
      return { ...cached, file };
    }
  } catch {
    // Missing or unreadable: read the model again.
  }
  modelCacheStats.misses++;
  // Loaded only on a miss: SaxonJS is the expensive part of a cold start.
  const { readDocumentModel } = await import('../model/read.js');
  const model = await readDocumentModel(file, text);
  const { file: _file, ...rest } = model;
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, JSON.stringify(rest), 'utf8');
    await rename(temp, path);
  } catch {
    await rm(temp, { force: true });
  }
  await pruneCache(dir, { keep: MODEL_CACHE_KEEP, suffix: '.model.json' });
  return model;
}
