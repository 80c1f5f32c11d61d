import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { lstat, readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { TOOLKIT_ROOT } from '../paths.js';
import { writeCacheFile } from '../write/fs.js';
import type { DocumentModel } from '../model/types.js';
import type { Diagnostic } from '../diagnostic.js';
import type { CrossReferenceIndex } from '../validate/xref.js';
import { hashOf, type CheckedDocument, type OutputFile, type RenderedOutputs } from './document.js';
import { SETTLED_MS, settledBy, signatureOf } from './signature.js';

/**
 * The build's on-disk cache (under the edition's `.cache/tei-edition/`,
 * git-ignored), so that a build in a new process redoes only what changed.
 * Every entry is found by a key that hashes everything its content was
 * made from; nothing is ever invalidated, a changed input simply asks for
 * another key:
 *
 * - `check/<key>.json`: the check of one document (findings, cross-reference
 *   index, model), keyed by the toolkit, the schema and the rules, the
 *   file's path and its bytes;
 * - `render/<key>.json`: the outputs of one document, keyed by the toolkit,
 *   the render request (model, targets, paper, the edition's title…) and the
 *   bytes of the document and of every document it points into (a shared
 *   register); the files themselves are in one pack beside it,
 *   `render/<key>.bin` (each file's bytes once, at the offset its entry
 *   gives, with their sha256);
 * - `<kind>/<key>.json` for the edition-level pages (`pages`, …): their
 *   files content-addressed in `blobs/`.
 *
 * The toolkit's part of each key is a hash of its code, stylesheets,
 * schemas and assets, so another version never reads this version's
 * entries. A damaged entry (bad JSON, a missing blob or pack, bytes whose
 * hash does not match) is a miss: the document is made again.
 *
 * Why a pack per document rather than a blob per file: a cold build of
 * 1,000 letters stored 16,858 blobs (a letter's 36 output files, 19 of them
 * different), and making a file costs far more than writing its bytes here
 * (3 December, 5,000 files of a letter's sizes written as blobs: 1.1-2.6 s
 * of CPU with no file removed nearby, 3.6-4.4 s just after a removal, whose
 * inodes ext4 without a journal searches past; the same bytes as one file
 * per 17: 0.3-0.8 s).
 */
/**
 * Entries kept in memory between the builds of one long-lived process
 * (serve), instead of on disk. An entry not used by the last two builds is
 * dropped, so that a session does not grow with every edit while serve's
 * two kinds of build (web first, then everything) both stay warm.
 */
export class MemoryStore {
  generation = 0;
  readonly entries = new Map<string, { generation: number; value: unknown }>();
}

export class BuildCache {
  private constructor(
    private readonly dir: string | undefined,
    readonly toolkit: string,
    private readonly memory: MemoryStore | undefined,
  ) {
    if (memory) memory.generation++;
  }

  /** The entries this build looked for, read or wrote (`kind/key`): prune() keeps them whatever their age. */
  private readonly used = new Set<string>();

  private use(name: string): void {
    const [kind, file] = name.split(/[\\/]/);
    const m = ENTRY_FILE.exec(file ?? '');
    if (kind && m && !m[3]) this.used.add(`${kind}/${m[1]}`);
  }

  /**
   * `dir`: the folder of the on-disk cache. Without it, `memory` (a map the
   * caller keeps between builds: a long-lived process such as serve) holds
   * the entries instead, or there is no cache at all.
   */
  static async open(dir: string | undefined, memory?: MemoryStore): Promise<BuildCache> {
    const root = dir ? join(dir, 'v1') : undefined;
    return new BuildCache(root, await toolkitFingerprint(root && join(root, TOOLKIT_ENTRY)), dir ? undefined : memory);
  }

  /**
   * The inputs' hashes of the last build in this cache folder, for the files whose signature (size, inode,
   * modification and change times) has not changed since, as git's index keeps them: a rebuild reads and
   * hashes only the files that changed (at 1,000 letters, ~10 MB less to read and hash). Vouched for only
   * when the file had not changed for SETTLED_MS when it was hashed (see toolkitFingerprint). The map
   * hashInputs fills is stored again by saveInputs (build/index.ts). Undefined without a cache folder.
   */
  async inputHashes(paths: readonly string[], settledMs = SETTLED_MS): Promise<InputSignatures | undefined> {
    if (!this.dir) return undefined;
    const stored = await this.readJson<{ key: string; files: Record<string, [string, string, boolean]> }>(INPUTS_ENTRY);
    const key = this.key('inputs');
    const known = stored?.key === key && typeof stored.files === 'object' && stored.files !== null ? stored.files : {};
    const now = Date.now();
    const hashes = new Map<string, { hash: string; register: boolean }>();
    const signatures = new Map<string, string>();
    for (const file of paths) {
      const st = lstatSync(file, { bigint: true, throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      const signature = signatureOf(st);
      if (settledBy(st, now - settledMs)) signatures.set(file, signature);
      const entry = Object.hasOwn(known, file) ? known[file] : undefined;
      if (Array.isArray(entry) && entry[0] === signature && typeof entry[1] === 'string' && /^[0-9a-f]{64}$/.test(entry[1])) hashes.set(file, { hash: entry[1], register: entry[2] === true });
    }
    // The store holds exactly what it would be given (every input known and settled, nothing else): not written again.
    const same = signatures.size === paths.length && hashes.size === paths.length && Object.keys(known).length === paths.length;
    const save = async (): Promise<void> => {
      if (same) return;
      const files: Record<string, [string, string, boolean]> = {};
      for (const [file, signature] of signatures) {
        const e = hashes.get(file);
        if (e?.hash) files[file] = [signature, e.hash, e.register];
      }
      await this.writeAtomic(INPUTS_ENTRY, JSON.stringify({ key, files }));
    };
    return Object.assign(hashes, { save });
  }

  /** Drops from the memory store what neither this build nor the one before used. */
  sweep(): void {
    if (!this.memory) return;
    for (const [k, e] of this.memory.entries) if (e.generation < this.memory.generation - 1) this.memory.entries.delete(k);
  }

  /** Whether an entry of a kind (`check`, `render`) is stored under `key` (its content is checked when read). */
  has(kind: string, key: string): boolean {
    if (this.memory) return this.memory.entries.has(`${kind}/${key}`);
    this.use(`${kind}/${key}.json`);
    return this.dir !== undefined && existsSync(join(this.dir, kind, `${key}.json`));
  }

  key(...parts: string[]): string {
    return hashOf([this.toolkit, ...parts].join('\0'));
  }

  /**
   * A stored check. On disk it comes without its cross-reference index (about 40 % of a check's JSON, which
   * every rebuild read for every document): the files it points into (`deps`) and its cross-reference
   * findings (`resolved`, when they depend on its own check key alone) stand in for it, and getXref reads
   * the index when it is needed after all. A check kept in memory (serve) keeps its index.
   */
  async getCheck(key: string): Promise<StoredCheck | undefined> {
    if (this.memory) return this.remember(`check/${key}`) as StoredCheck | undefined;
    const entry = await this.readJson<{ key: string; value: StoredCheck; modelHash?: unknown }>(join('check', `${key}.json`));
    const v = entry?.value;
    if (entry?.key !== key || typeof v !== 'object' || v === null || !Array.isArray(v.findings)) return undefined;
    if ((v.deps !== undefined && !Array.isArray(v.deps)) || (v.resolved !== undefined && !(Array.isArray(v.resolved?.own) && Array.isArray(v.resolved.pointers)))) return undefined;
    if (entry.value.model && typeof entry.modelHash === 'string' && /^[0-9a-f]{64}$/.test(entry.modelHash)) modelHashes.set(entry.value.model, entry.modelHash);
    return entry.value;
  }

  /** The check, and the hash of its model's JSON (modelHash), so that a build that reads it need not serialize the model again. */
  async putCheck(key: string, doc: StoredCheck): Promise<void> {
    if (this.memory) return this.putEntry('check', key, doc);
    const { xref, ...rest } = doc;
    if (xref) await this.putEntry('xref', key, xref);
    await this.writeAtomic(join('check', `${key}.json`), JSON.stringify({ key, value: rest, ...(doc.model ? { modelHash: modelHash(doc.model) } : {}) }));
  }

  /** The cross-reference index of the check stored under `key` (see getCheck). */
  async getXref(key: string): Promise<CrossReferenceIndex | undefined> {
    if (this.memory) return (this.remember(`check/${key}`) as StoredCheck | undefined)?.xref;
    const xref = await this.getEntry<CrossReferenceIndex>('xref', key);
    return xref && typeof xref === 'object' && Array.isArray(xref.ids) && Array.isArray(xref.pointers) && Array.isArray(xref.findings) ? xref : undefined;
  }

  /** A plain JSON entry of a kind (`check`, `volume`). */
  async getEntry<T>(kind: string, key: string): Promise<T | undefined> {
    if (this.memory) return this.remember(`${kind}/${key}`) as T | undefined;
    const entry = await this.readJson<{ key: string; value: T }>(join(kind, `${key}.json`));
    return entry?.key === key ? entry.value : undefined;
  }

  async putEntry(kind: string, key: string, value: unknown): Promise<void> {
    if (this.memory) return void this.memory.entries.set(`${kind}/${key}`, { generation: this.memory.generation, value });
    await this.writeAtomic(join(kind, `${key}.json`), JSON.stringify({ key, value }));
  }

  /**
   * The outputs stored under `key`, for a document whose model is `model`
   * (the render key holds its JSON; the entry does not repeat it).
   * `reusable` (the write stage's) names the files the output already holds
   * with these bytes: they are not read, but listed in `reused` (path,
   * sha256, origin) for the sink to take over.
   */
  async getRender(key: string, model: DocumentModel, reusable?: Reusable): Promise<(RenderedOutputs & { reused?: ReusedFile[] }) | undefined> {
    if (this.memory) return this.remember(`render/${key}`) as RenderedOutputs | undefined;
    const entry = await this.readJson<RenderEntry>(join('render', `${key}.json`));
    if (entry?.key !== key || !Array.isArray(entry.files)) return undefined;
    const blobs = await this.readPacked(join(this.dir as string, 'render', `${key}.bin`), entry.files, reusable);
    if (!blobs) return undefined;
    if (typeof entry.about !== 'string' || !Array.isArray(entry.images) || typeof entry.summary?.terms !== 'string') return undefined;
    return { hash: entry.hash, summary: { ...entry.summary, model }, warnings: entry.warnings, files: blobs.files, about: entry.about, images: entry.images, ...(entry.html ? { html: entry.html } : {}), ...(entry.volume ? { volume: entry.volume } : {}), ...(reusable ? { reused: blobs.reused } : {}) };
  }

  async putRender(key: string, outputs: RenderedOutputs): Promise<void> {
    if (this.memory) return void this.memory.entries.set(`render/${key}`, { generation: this.memory.generation, value: outputs });
    if (!this.dir) return;
    const files: PackedRef[] = [];
    const parts: Uint8Array[] = [];
    const placed = new Map<string, [number, number]>();
    let size = 0;
    for (const [path, content, origin] of outputs.files) {
      const blob = hashOf(content);
      let at = placed.get(blob);
      if (!at) {
        const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
        placed.set(blob, (at = [size, bytes.byteLength]));
        parts.push(bytes);
        size += bytes.byteLength;
      }
      files.push([path, blob, typeof content !== 'string', origin, at[0], at[1]]);
    }
    const { model: _, ...summary } = outputs.summary;
    const entry: RenderEntry = { key, hash: outputs.hash, summary, warnings: outputs.warnings, files, about: outputs.about, images: outputs.images, ...(outputs.html ? { html: outputs.html } : {}), ...(outputs.volume ? { volume: outputs.volume } : {}) };
    // The pack first: an entry is found by its JSON, which then never names a pack not yet written.
    await this.writeAtomic(join('render', `${key}.bin`), Buffer.concat(parts, size));
    await this.writeAtomic(join('render', `${key}.json`), JSON.stringify(entry));
  }

  /** Files made from everything `key` hashes (the edition-level pages), as getRender gives a document's. */
  async getFiles(kind: string, key: string, reusable?: Reusable): Promise<{ files: OutputFile[]; reused: ReusedFile[] } | undefined> {
    if (this.memory) {
      const files = this.remember(`${kind}/${key}`) as OutputFile[] | undefined;
      return files && { files, reused: [] };
    }
    const entry = await this.readJson<{ key: string; files: BlobRef[] }>(join(kind, `${key}.json`));
    if (entry?.key !== key || !Array.isArray(entry.files)) return undefined;
    return this.readBlobs(entry.files, reusable);
  }

  /**
   * A list of files to store under `key` when it is complete: `add` stores
   * each file's bytes as it is made (so they need not all be held at once),
   * `done` the list.
   */
  files(kind: string, key: string): { add: (file: OutputFile) => Promise<void>; parts: (path: string, origin: OutputFile[2]) => PartsWriter; done: () => Promise<void> } {
    const kept: OutputFile[] = [];
    const refs: BlobRef[] = [];
    return {
      // A file made in parts (a register page of thousands of letters) goes to its blob as its parts come.
      parts: (path, origin) => {
        if (this.memory) {
          let text = '';
          return { write: (part) => void (text += part), end: async () => void kept.push([path, text, origin]) };
        }
        return this.dir ? blobWriter(this.dir, (blob) => refs.push([path, blob, false, origin])) : { write: () => {}, end: async () => {} };
      },
      add: async (file) => {
        if (this.memory) kept.push(file);
        else if (this.dir) refs.push(await this.putBlob(file));
      },
      done: async () => {
        if (this.memory) this.memory.entries.set(`${kind}/${key}`, { generation: this.memory.generation, value: kept });
        else if (this.dir) await this.writeAtomic(join(kind, `${key}.json`), JSON.stringify({ key, files: refs }));
      },
    };
  }

  /** The files of an entry, read from their blobs (each checked against its hash), except those `reusable` says the output holds. */
  private readBlobs(refs: BlobRef[], reusable?: Reusable): Promise<{ files: OutputFile[]; reused: ReusedFile[] } | undefined> {
    return this.readFiles(refs, reusable, ([, blob]) => readFile(join(this.dir as string, 'blobs', blob.slice(0, 2), blob)).catch(() => undefined));
  }

  /** The files of a render entry, read from its pack (each checked against its hash), except those `reusable` says the output holds. */
  private readPacked(pack: string, refs: PackedRef[], reusable?: Reusable): Promise<{ files: OutputFile[]; reused: ReusedFile[] } | undefined> {
    // Read once, and only when a file is not already in the output (a rebuild reads the JSON alone).
    let bytes: Promise<Buffer | undefined> | undefined;
    return this.readFiles(refs, reusable, async (ref) => {
      const [, , , , offset, length] = ref;
      if (ref.length !== 6 || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) return undefined;
      const all = await (bytes ??= readFile(pack).catch(() => undefined));
      return all && offset + length <= all.length ? all.subarray(offset, offset + length) : undefined;
    });
  }

  /** What readBlobs and readPacked share: each file taken over from the output, or its bytes (`bytesOf`) checked against its hash. */
  private async readFiles<R extends BlobRef | PackedRef>(refs: R[], reusable: Reusable | undefined, bytesOf: (ref: R) => Promise<Uint8Array | undefined>): Promise<{ files: OutputFile[]; reused: ReusedFile[] } | undefined> {
    const files: OutputFile[] = [];
    const reused: ReusedFile[] = [];
    const contents = new Map<string, Uint8Array | string>();
    for (const ref of refs) {
      if (!Array.isArray(ref)) return undefined;
      const [path, blob, binary, origin] = ref;
      if (reusable && (await reusable(path, blob))) {
        reused.push([path, blob, origin]);
        continue;
      }
      let content = contents.get(blob);
      if (content === undefined) {
        const bytes = await bytesOf(ref);
        if (!bytes || hashOf(bytes) !== blob) return undefined;
        content = binary ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
        contents.set(blob, content);
      }
      files.push([path, content, origin]);
    }
    return { files, reused };
  }

  /** Stores a file's bytes under their sha256 (once), and returns the entry's reference to them. */
  private async putBlob([path, content, origin]: OutputFile): Promise<BlobRef> {
    const blob = hashOf(content);
    const file = join('blobs', blob.slice(0, 2), blob);
    if (!existsSync(join(this.dir as string, file))) await this.writeAtomic(file, content);
    return [path, blob, typeof content !== 'string', origin];
  }

  private remember(key: string): unknown {
    const e = this.memory?.entries.get(key);
    if (e && this.memory) e.generation = this.memory.generation;
    return e?.value;
  }

  private async readJson<T>(name: string): Promise<T | undefined> {
    if (!this.dir) return undefined;
    this.use(name);
    try {
      // Synchronously: a rebuild reads two small entries per document (thousands), and the thread-pool round
      // trips of an asynchronous read (open, stat, read, close) cost more CPU than the reads themselves.
      return JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** Write, then rename: a reader never sees half an entry, and two builds at once do not mix theirs. */
  private async writeAtomic(name: string, content: string | Uint8Array): Promise<void> {
    this.use(name);
    if (this.dir) await writeCacheFile(join(this.dir, name), content);
  }

  /**
   * Keeps the cache from growing with every edit and every version of the toolkit: removes the entries
   * (and the leftovers of killed builds) this build did not use and that were written more than `ageMs`
   * ago, then, if an entry that may name blobs went, the blobs no remaining entry names that are as old.
   * Call it after a build that went through: an entry another kind of build uses (`--only`, another paper)
   * is made again if it went. Returns how many files it removed.
   */
  async prune(ageMs = PRUNE_AGE_MS, now = Date.now()): Promise<number> {
    if (!this.dir) return 0;
    const dir = this.dir;
    const before = now - ageMs;
    // Looked at synchronously (after a new version of the toolkit, every entry of the old one is looked at by each
    // build until it goes). A file that cannot be looked at or removed stays: the cache never fails a build.
    const removeIfOld = async (file: string): Promise<boolean> => {
      try {
        if (!((lstatSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < before)) return false;
      } catch {
        return false;
      }
      return unlink(file).then(() => true, () => false);
    };
    let removed = 0;
    let blobsNamed = false;
    const kinds = await kindFolders(dir);
    for (const kind of kinds) {
      for (const name of await readdir(join(dir, kind)).catch(() => [] as string[])) {
        const m = ENTRY_FILE.exec(name);
        if (!m || (this.used.has(`${kind}/${m[1]}`) && !m[3]) || !(await removeIfOld(join(dir, kind, name)))) continue;
        removed++;
        if (!NO_BLOBS.has(kind)) blobsNamed = true;
      }
    }
    // The blobs (and blob writers' leftovers) that no remaining entry names, when an entry that may name them went.
    const named = blobsNamed ? blobsNamedIn(dir, kinds) : undefined;
    if (!named) return removed;
    for (const shard of await readdir(join(dir, 'blobs')).catch(() => [] as string[])) {
      // blobWriter's temporary files stand beside the shards.
      const names = shard.startsWith('.parts-') ? [''] : await readdir(join(dir, 'blobs', shard)).catch(() => [] as string[]);
      for (const name of names) if (!named.has(name) && (await removeIfOld(join(dir, 'blobs', shard, name)))) removed++;
    }
    return removed;
  }
}

/** Takes a file's text part by part (synchronously, as the part is written out) and stores it at the end. */
export interface PartsWriter {
  write(part: string): void;
  end(): Promise<void>;
}

/**
 * A blob written as its parts come: into a temporary file, hashed on the way, and named by its sha256 at the
 * end (`stored` is told the hash). A blob that cannot be written is not stored: a cache that cannot be
 * written is only slower next time.
 */
function blobWriter(dir: string, stored: (blob: string) => void): PartsWriter {
  const tmp = join(dir, 'blobs', `.parts-${process.pid}-${randomBytes(4).toString('hex')}`);
  const hash = createHash('sha256');
  let fd: number | undefined;
  let pending: Buffer[] = [];
  let size = 0;
  const flush = (): void => {
    if (fd === undefined) return;
    const bytes = Buffer.concat(pending);
    pending = [];
    size = 0;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    } catch {
      closeSync(fd);
      fd = undefined;
    }
  };
  try {
    mkdirSync(dirname(tmp), { recursive: true });
    fd = openSync(tmp, 'w');
  } catch {
    fd = undefined;
  }
  return {
    write: (part) => {
      const bytes = Buffer.from(part, 'utf8');
      hash.update(bytes);
      pending.push(bytes);
      size += bytes.length;
      if (size >= 1 << 16) flush();
    },
    end: async () => {
      flush();
      if (fd === undefined) return void (await unlink(tmp).catch(() => undefined));
      closeSync(fd);
      const blob = hash.digest('hex');
      const file = join(dir, 'blobs', blob.slice(0, 2), blob);
      try {
        if (existsSync(file)) unlinkSync(tmp);
        else {
          mkdirSync(dirname(file), { recursive: true });
          renameSync(tmp, file);
        }
        stored(blob);
      } catch {
        await unlink(tmp).catch(() => undefined);
      }
    },
  };
}

const modelHashes = new WeakMap<DocumentModel, string>();

/**
 * sha256 of a model's JSON: what the render keys and the edition-level pages' keys hold of each model (the
 * models of 1,000 letters are ~14 MB of JSON, which a rebuild would otherwise serialize and hash again).
 * Once per model object; a model read from a check entry comes with the hash stored beside it (putCheck),
 * and a model kept in memory between builds (serve) keeps its own.
 */
export function modelHash(model: DocumentModel): string {
  let hash = modelHashes.get(model);
  if (hash === undefined) modelHashes.set(model, (hash = hashOf(JSON.stringify(model))));
  return hash;
}

/** The folders of the cache's kinds of entries (`check`, `render`, `pages`…): every folder but `blobs`. */
async function kindFolders(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory() && e.name !== 'blobs').map((e) => e.name);
}

/** The blobs the entries of `kinds` name; undefined when an entry cannot be read (what it names is not known). */
function blobsNamedIn(dir: string, kinds: string[]): Set<string> | undefined {
  const named = new Set<string>();
  for (const kind of kinds) {
    if (NO_BLOBS.has(kind)) continue;
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, kind));
    } catch {
      continue;
    }
    for (const name of names) {
      const m = ENTRY_FILE.exec(name);
      if (!m || m[2] !== 'json' || m[3]) continue;
      let entry: { files?: unknown };
      try {
        entry = JSON.parse(readFileSync(join(dir, kind, name), 'utf8')) as { files?: unknown };
      } catch {
        return undefined;
      }
      if (Array.isArray(entry?.files)) for (const ref of entry.files) if (Array.isArray(ref) && typeof ref[1] === 'string') named.add(ref[1]);
    }
  }
  return named;
}

/** An entry's file in its kind's folder, `<sha256>.json` or `.bin` (a render entry's pack), or a writer's leftover of one (`….tmp-…`): [, key, extension, leftover]. */
const ENTRY_FILE = /^([0-9a-f]{64})\.(json|bin)(\.tmp-.*)?$/;

/** Kinds whose entries never name blobs (a render entry's files are in its pack). */
const NO_BLOBS = new Set(['check', 'xref', 'render']);

/**
 * How long an entry no build uses stays (prune): long enough for a kind of build made now and then (the
 * volume, `--only text`, another paper) to find its entries again, short enough that the entries of a
 * toolkit replaced or of a letter's old versions go within weeks.
 */
export const PRUNE_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** The inputs' hashes the last build in this cache folder read (BuildCache.inputHashes). */
const INPUTS_ENTRY = 'inputs.json';

/** Per input file its hash and whether it is a shared register file (as build/index.ts's InputHashes), and `save` to store them for the next build. */
export type InputSignatures = Map<string, { hash: string; register: boolean }> & { save: () => Promise<void> };

/** A document's check as the build keeps it (see BuildCache.getCheck). */
export interface StoredCheck extends CheckedDocument {
  /** The files it points into (validate/xref.ts pointedFiles): present when it is well-formed TEI. */
  deps?: string[];
  /** Its cross-reference findings: those of its index (an xml:id twice), then those of its pointers. */
  resolved?: { own: Diagnostic[]; pointers: Diagnostic[] };
}

/** A file the output already holds: [output path, sha256, origin]. */
export type ReusedFile = [string, string, OutputFile[2]];

/** Says whether the output already holds a file with these bytes (OutputSink.reusable). */
type Reusable = (path: string, hash: string) => Promise<boolean>;

/** [output path, blob hash, binary?, origin] */
type BlobRef = [string, string, boolean, OutputFile[2]];

/** [output path, sha256 of its bytes, binary?, origin, offset in the pack, length] */
type PackedRef = [string, string, boolean, OutputFile[2], number, number];

interface RenderEntry {
  key: string;
  hash: string;
  /** Without the model: the render key holds it (getRender is given it). */
  summary: Omit<RenderedOutputs['summary'], 'model'>;
  warnings: RenderedOutputs['warnings'];
  about?: string;
  html?: RenderedOutputs['html'];
  volume?: RenderedOutputs['volume'];
  images?: string[];
  files: PackedRef[];
}

/** The toolkit's fingerprint as the last build in this cache folder computed it (see toolkitFingerprint). */
const TOOLKIT_ENTRY = 'toolkit.json';
/** The folders and files of the toolkit that make its fingerprint. */
const TOOLKIT_PARTS = ['package.json', 'lib', 'src', 'xslt', 'schemas', 'assets'];

let fingerprint: Promise<string> | undefined;

/**
 * A hash of everything of the toolkit that can change an output: its code, stylesheets, schemas, assets and
 * version (~270 files). Hashing their bytes costs ~0.2 s of this thread at every build, so `store` (a file
 * in the edition's cache) keeps the result under a signature of the files' names, sizes, inodes and
 * modification and change times, as git's index does: the files are read again only when one of these
 * differs. A change of a file's bytes always moves its change time (ctime, which no tool can set back), and
 * the result is stored only when every file was last changed SETTLED_MS before: a later change then gives
 * another signature. A missing or damaged store, or one that cannot be written, only costs the hashing.
 */
export function toolkitFingerprint(store?: string): Promise<string> {
  fingerprint ??= fingerprintOf(TOOLKIT_ROOT, store);
  return fingerprint;
}

/** toolkitFingerprint of the toolkit at `root` (tests give another folder, and `settledMs`). */
export async function fingerprintOf(root: string, store?: string, settledMs = SETTLED_MS): Promise<string> {
  const files = (await Promise.all(TOOLKIT_PARTS.map((top) => listFiles(join(root, top))))).flat();
  const started = Date.now();
  const stats = await Promise.all(files.map((file) => lstat(file, { bigint: true }).catch(() => undefined)));
  const settled = stats.every((st) => st !== undefined && settledBy(st, started - settledMs));
  const signature = hashOf(files.map((file, i) => `${relative(root, file)}\0${stats[i] ? signatureOf(stats[i]) : '-'}`).join('\n'));
  const known = store ? await readFile(store, 'utf8').then((t) => JSON.parse(t) as unknown).catch(() => undefined) : undefined;
  if (isStoredFingerprint(known) && known.signature === signature) return known.fingerprint;
  const parts: string[] = [];
  for (const file of files) parts.push(`${relative(root, file)}\0${hashOf(await readFile(file))}`);
  const computed = hashOf(parts.join('\n'));
  if (store && settled) await writeCacheFile(store, JSON.stringify({ signature, fingerprint: computed }));
  return computed;
}

function isStoredFingerprint(v: unknown): v is { signature: string; fingerprint: string } {
  const o = v as { signature?: unknown; fingerprint?: unknown } | undefined;
  return typeof o?.signature === 'string' && typeof o.fingerprint === 'string' && /^[0-9a-f]{64}$/.test(o.fingerprint);
}

async function listFiles(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return existsSync(path) ? [path] : [];
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(path, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}
