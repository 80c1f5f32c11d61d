/**
 * The write stage: how a build's files get into the output folder so that
 * no reader, and no kill at any moment, ever sees a half-written output.
 *
 * Layout, for `--out dist`:
 *
 *   dist -> .dist.versions/7        a relative symbolic link: the output
 *   .dist.versions/7/               the current output (web/, print/, …,
 *                                   and the stamp .tei-edition-output)
 *   .dist.versions/6/               the previous one, kept until the next
 *                                   build so readers mid-way can finish
 *   .dist.versions/.staging-PID-…   while a build writes
 *   .dist.lock                      while a build writes (holds its pid)
 *
 * A build writes everything into a staging folder, renames it to the next
 * version number, makes a new link beside `dist` and renames it over
 * `dist`: that last rename(2) is the switch, and it is atomic. Killed before
 * it, `dist` still points at the complete old version; after it, at the
 * complete new one. Whatever a killed run left (staging folders, versions
 * never switched to, temporary links, the old scheme's .dist.tmp-* and
 * .dist.old-*, a stale lock) is removed by the next run once it holds the
 * lock. (Durability against power loss would also need fsync; a kill of
 * the process does not lose written data.)
 *
 * Unchanged files are not written again: each version carries a manifest
 * (MANIFEST: the sha256 and size of every file, sorted by path, so two
 * builds of the same sources still give byte-identical folders), and a file
 * whose bytes the previous version holds at the same path is hard-linked
 * from there (copied where a link fails, e.g. across devices). Versions are
 * never changed once switched to: every file is created afresh in the
 * staging folder (flag 'wx', never opened for writing where a file, and so
 * perhaps a link into an older version, already stands), and a previous
 * file modified since its version was stamped (its mtime is not older than
 * the stamp's, or its size differs) is not linked but written.
 *
 * The toolkit only ever replaces what it made: `dist` must be missing, an
 * empty folder, a link to one of its versions, or a folder carrying the
 * stamp file; anything else is refused with a finding (see also guard.ts).
 * What an editor put into the previous output by hand is named in a
 * warning with where it is still kept: a file no build made
 * (out-file-dropped) and a file changed after its build (out-file-edited).
 *
 * API (files can be streamed one by one, at most WRITE_CONCURRENCY writes
 * are open at once, so memory and file descriptors stay bounded):
 *
 *   const out = await openOutput('dist', { keep: ['print', 'text'] });
 *   try {
 *     for (const f of rendered) await out.add(f.path, f.content, { file: f.source, what: '…' });
 *     const { warnings } = await out.commit();   // the switch
 *   } catch (e) {
 *     await out.abort();                          // old output untouched
 *     throw e;
 *   }
 *
 * `out.previous` is the current output folder (or undefined): a partial
 * build reads what it keeps from there (e.g. the PDFs the web pages link).
 * `keep` names top-level folders of the previous output carried over when
 * the build adds nothing under them. Every failure is a WriteError whose
 * findings say what failed, where and what to do; the old output is then
 * still in place. writeAtomically() in atomic.ts wraps this for a Map.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { OutputClaims, type Origin } from './claims.js';
import { outFinding, WriteError, writeFinding } from './errors.js';
import { errorCode, NODE_FS, type FolderStats, type WriteFs } from './fs.js';
import { isAlive } from './temp.js';
import { FileTable, type FileEntry } from './file-table.js';

/** The file that marks a folder as a tei-edition output, which a later build may replace. */
export const STAMP = '.tei-edition-output';
/** Each version's list of its files (`<sha256> <size> <path>` per line, sorted by path): what the next build may link instead of writing. */
export const MANIFEST = '.tei-edition-manifest';
const STAMP_TEXT = 'This folder was written by `tei-edition build`; the next build replaces it as a whole.\nDo not keep your own files here.\n';

/** Writes in flight at once: far below the usual limit of open files (256 on macOS, 1024 on Linux). */
export const WRITE_CONCURRENCY = 16;
/**
 * A previous version of at least this many files is linked into the staging folder by another thread when
 * there is no older version to recycle (see Writer.prelink): below it, starting the thread costs more than
 * linking the files one by one as they are added.
 */
export const PRELINK_FROM = 2000;
/** The dropped files of the previous output named one by one (droppedFindings); the rest are counted. */
const DROPPED_SHOWN = 10;
/** The size a manifest lists for a file carried over after it was changed by hand (see copyTree()): no file has it. */
const EDITED_SIZE = -1;
/** A file written in parts is written about this many characters at a time. */
const PART_WRITE = 1 << 20;

/** The moments of a write, in order; tests fail or kill the process at each. */
export type WriteStep = 'locked' | 'cleaned' | 'staging' | 'written' | 'kept' | 'stamped' | 'versioned' | 'linked' | 'switched' | 'pruned';

export interface OpenOptions {
  /** Top-level folders of the previous output to carry over when this build adds nothing under them. */
  keep?: readonly string[];
  /** The file-system layer (tests inject failures). */
  fs?: WriteFs;
  /** Called at each step (tests kill or fail there). */
  onStep?: (step: WriteStep) => void | Promise<void>;
  /** The fewest files of a previous version that are linked ahead by another thread (default PRELINK_FROM; tests lower it). */
  prelinkFrom?: number;
}

export interface CommitResult {
  files: number;
  /** Cleanup that failed after the switch: the new output is in place, something old is left. */
  warnings: Diagnostic[];
}

export interface OutputWriter {
  /** The output folder as the user named it. */
  readonly outDir: string;
  /** The folder holding the current (previous) output, or undefined when there is none. */
  readonly previous: string | undefined;
  add(path: string, content: string | Uint8Array, origin?: Origin): Promise<void>;
  /**
   * Whether the previous output holds, unmodified since it was written, a
   * file at `path` with these bytes (by their sha256): reuse() then takes it
   * over without its content. Claims nothing.
   */
  reusable(path: string, hash: string): Promise<boolean>;
  /** Takes a file over from the previous output (reusable() said so): a hard link, else a copy. */
  reuse(path: string, hash: string, origin?: Origin): Promise<void>;
  /** A file made in parts, written as they come (never held whole); its hash is known once it is written. */
  addParts(path: string, parts: Iterable<string>, origin?: Origin): Promise<void>;
  commit(): Promise<CommitResult>;
  abort(): Promise<void>;
  /** Whether commit() has begun (the switch of the output: let it finish). */
  readonly switching: boolean;
}

interface Layout {
  target: string;
  parent: string;
  versions: string;
  lock: string;
  /** The link text for version n, relative to the parent folder. */
  linkText(n: number): string;
}

function layoutOf(outDir: string): Layout {
  const target = resolve(outDir);
  const parent = dirname(target);
  const base = basename(target);
  return {
    target,
    parent,
    versions: join(parent, `.${base}.versions`),
    lock: join(parent, `.${base}.lock`),
    linkText: (n) => `.${base}.versions/${n}`,
  };
}

/** What stands at the output path now. */
type Current = { kind: 'none' } | { kind: 'empty-dir' } | { kind: 'link'; version: number } | { kind: 'stamped-dir' };

/** Same-process writers to one output wait for each other (the lock file keeps other processes out). */
const localQueue = new Map<string, Promise<void>>();

export async function openOutput(outDir: string, options: OpenOptions = {}): Promise<OutputWriter> {
  const writer = new Writer(outDir, layoutOf(outDir), options);
  await writer.open();
  return writer;
}

class Writer implements OutputWriter {
  private readonly fs: WriteFs;
  private readonly claims = new OutputClaims();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dirs = new Map<string, Promise<void>>();
  private readonly topLevel = new Set<string>();
  private failure: WriteError | undefined;
  private staging = '';
  private current: Current = { kind: 'none' };
  private state: 'new' | 'open' | 'done' = 'new';
  private committing = false;

  /** Whether commit() has begun: a few renames that switch the output, best let finish (an interrupted build aborts only before). */
  get switching(): boolean {
    return this.committing;
  }
  private releaseLocal: () => void = () => {};
  private haveLock = false;
  private written = 0;
  /** The previous version's manifest (path → sha256 and size), and when it was stamped: files modified after that are not reused. */
  private before = new FileTable();
  private stampedAt = -Infinity;
  /** The manifest of the older version recycled as the staging folder (see recycle()), and when it was stamped. */
  private recycled: FileTable | undefined;
  private recycledAt = -Infinity;
  /** The version folder recycled as the staging folder, given back to its name when a build ends before it wrote a file (abort()). */
  private recycledFrom: string | undefined;
  /** Whether the build has asked for a file yet (add, addParts, reuse): only then is the staging folder changed. */
  private touched = false;
  /** The previous version's files being linked into the staging folder (see prelink()), or the recycled folder's looked at. */
  private linking: Promise<void> | undefined;
  /**
   * What the linking thread found in the staging folder (see prelink()): per path its index into `staged`
   * (modification time and size), each used once, by the first question about the path; later ones (the
   * path replaced meanwhile) look at the file itself.
   */
  private stagedAt: Map<string, number> | undefined;
  private staged: FolderStats | undefined;
  /** Paths whose recycled file already holds the bytes asked for (reusable() found it). */
  private readonly inPlace = new Set<string>();
  /** This version's manifest. */
  private readonly manifest = new FileTable();
  /** The previous output's files that no build made (not in its manifest), found while this build works (see foreignFiles()). */
  private foreign: Promise<string[]> | undefined;
  /** The previous output's files changed since its build made them (see editedFiles()), found while this build works. */
  private edited: Promise<Map<string, FileEntry>> | undefined;
  previous: string | undefined;

  constructor(
    readonly outDir: string,
    private readonly layout: Layout,
    private readonly options: OpenOptions,
  ) {
    this.fs = options.fs ?? NODE_FS;
  }

  private async step(s: WriteStep): Promise<void> {
    await this.options.onStep?.(s);
  }

  /** Runs one file-system call; its failure becomes a plain finding. */
  private async io<T>(doing: string, path: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof WriteError) throw e;
      throw new WriteError([writeFinding(e, this.outDir, doing, path)]);
    }
  }

  /** lstat that says undefined for a missing path and fails plainly for anything else. */
  private async statOf(path: string): Promise<import('node:fs').Stats | undefined> {
    try {
      return await this.fs.lstat(path);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return undefined;
      throw new WriteError([writeFinding(e, this.outDir, 'look at', path)]);
    }
  }

  async open(): Promise<void> {
    const { target, versions } = this.layout;
    const before = localQueue.get(target) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    localQueue.set(target, before.then(() => mine));
    await before;
    this.releaseLocal = () => {
      release();
      if (localQueue.get(target) === mine) localQueue.delete(target);
    };
    try {
      this.current = await this.inspect();
      await this.lock();
      await this.step('locked');
      // Read again under the lock: another process may have switched meanwhile.
      this.current = await this.inspect();
      await this.cleanLeftovers();
      await this.step('cleaned');
      await this.checkWritable();
      this.previous = this.current.kind === 'link' ? join(versions, String(this.current.version)) : this.current.kind === 'stamped-dir' ? target : undefined;
      if (this.previous) ({ files: this.before, stampedAt: this.stampedAt } = await this.readManifest(this.previous));
      // Only against a manifest: without one, every file would look like someone else's.
      if (this.previous && this.before.size > 0) this.foreign = this.foreignFiles(this.previous).catch(() => []);
      this.staging = join(versions, `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
      if (!(await this.recycle())) {
        await this.io('create the folder', this.staging, () => this.fs.mkdir(this.staging));
        this.prelink();
      }
      // After prelink(), whose linking thread may already be looking at the previous version's files.
      if (this.previous && this.before.size > 0) this.edited = this.editedFiles(this.previous).catch(() => new Map());
      await this.step('staging');
      this.state = 'open';
    } catch (e) {
      await this.release();
      throw e;
    }
  }

  /** What a version holds, and when it was stamped; a missing or unreadable manifest only means nothing is reused. */
  private async readManifest(version: string): Promise<{ files: FileTable; stampedAt: number }> {
    const files = new FileTable();
    try {
      const stamp = await this.fs.lstat(join(version, STAMP));
      const text = await this.fs.readFile(join(version, MANIFEST));
      for (const line of text.split('\n')) {
        // `<64 hex> <size> <path>`; anything else (a damaged manifest) is skipped: that file is then written.
        const space = line.indexOf(' ', 65);
        const hash = line.slice(0, 64);
        const size = Number(line.slice(65, space));
        if (line[64] === ' ' && space > 65 && /^[0-9a-f]{64}$/.test(hash) && Number.isInteger(size)) files.set(line.slice(space + 1), { hash, size });
      }
      return { files, stampedAt: stamp.mtimeMs };
    } catch {
      return { files: new FileTable(), stampedAt: -Infinity };
    }
  }

  /**
   * The version before the previous one is removed by this build anyway (see prune()): instead, it becomes
   * the staging folder, so that the files this build makes with the bytes they had two builds ago (after an
   * edit of one letter: nearly all) stay where they are, and only the others are replaced and the rest
   * removed (sweep()). Nothing in it is written through: a file is replaced by removing its name first.
   * Readers still in that version lose it a little earlier than before (at the start of this build, not at
   * its end); the current output is never touched. False when there is no such version with a manifest.
   */
  private async recycle(): Promise<boolean> {
    if (this.current.kind !== 'link' || this.before.size === 0) return false;
    const current = this.current.version;
    const older = (await this.versionNumbers()).filter((n) => n < current).at(-1);
    if (older === undefined) return false;
    const dir = join(this.layout.versions, String(older));
    const { files, stampedAt } = await this.readManifest(dir);
    if (files.size === 0) return false;
    try {
      await this.fs.rename(dir, this.staging);
    } catch {
      return false;
    }
    this.recycled = files;
    this.recycledAt = stampedAt;
    this.recycledFrom = dir;
    // Its files are looked at by another thread too (see stage()), while this one goes on with the build.
    const linkAll = this.fs.linkAll;
    if (linkAll && files.size >= (this.options.prelinkFrom ?? PRELINK_FROM)) {
      const paths = [...files.paths()].filter(isRelativePath);
      this.linking = this.stage(linkAll(undefined, this.staging, paths), paths);
    }
    return true;
  }

  /**
   * With no older version to recycle (the first build after a clean one), the previous version's files are
   * hard-linked into the staging folder by another thread (WriteFs.linkAll), while this one goes on with the
   * build (a rebuild's main thread mostly waits for its worker then): the staging folder is then recycled as
   * an older version would be, and only the files that changed are replaced. Linking every file here, as each
   * is added, cost a rebuild of 1,000 letters 31,771 link calls (1.1-1.6 s) in this thread. Every call that
   * touches the staging folder waits for the linking to end (ready()); a file the thread could not link (or
   * all of them, if it fails) is then simply not in place, and is linked or written as before.
   */
  private prelink(): void {
    const linkAll = this.fs.linkAll;
    if (!linkAll || this.current.kind !== 'link' || !this.previous || this.before.size < (this.options.prelinkFrom ?? PRELINK_FROM)) return;
    const paths: string[] = [];
    for (const path of this.before.paths()) if (isRelativePath(path)) paths.push(path);
    this.recycled = this.before;
    this.recycledAt = this.stampedAt;
    this.linking = this.stage(linkAll(this.previous, this.staging, paths), paths);
  }

  /**
   * Keeps what the linking thread found in the staging folder, so that the check of each unchanged file
   * (inStaging: tens of thousands of lstat calls) is not made in this thread. A failed thread leaves them
   * to be looked at one by one.
   */
  private stage(linked: Promise<FolderStats | void>, paths: string[]): Promise<void> {
    return linked.then(
      (stats) => {
        if (!stats || stats.length !== 2 * paths.length) return;
        this.staged = stats;
        this.stagedAt = new Map(paths.map((p, i) => [p, i]));
      },
      () => undefined,
    );
  }

  /** Waits until the staging folder may be touched (see prelink()). */
  private async ready(): Promise<void> {
    if (this.linking) await this.linking;
  }

  /** Refuses anything at the output path that this toolkit did not make. */
  private async inspect(): Promise<Current> {
    const { target, versions, linkText } = this.layout;
    const refuse = (message: string, hint: string): never => {
      throw new WriteError([outFinding(this.outDir, 'out-not-ours', message, hint)]);
    };
    const elsewhere = 'Choose another output folder (--out DIR), or move it away yourself if you are sure it can go.';
    const st = await this.statOf(target);
    const vst = await this.statOf(versions);
    if (vst && !vst.isDirectory()) refuse(`${versions} is in the way: it is not a folder of tei-edition outputs`, elsewhere);
    if (!st) return { kind: 'none' };
    if (st.isSymbolicLink()) {
      const text = await this.io('read the link', target, () => this.fs.readlink(target));
      const m = /\/(\d+)$/.exec(text);
      const version = m ? Number(m[1]) : NaN;
      const ours = m !== null && (text === linkText(version) || resolve(dirname(target), text) === join(versions, String(version)));
      const stampFile = join(versions, String(version), STAMP);
      const stamped = ours && Boolean((await this.statOf(stampFile))?.isFile());
      if (!stamped) refuse(`${this.outDir} is a link to ${text}, not to an output of tei-edition build; it is left as it is`, elsewhere);
      return { kind: 'link', version };
    }
    if (!st.isDirectory()) refuse(`${this.outDir} is a file, not an output folder of tei-edition build; it is left as it is`, elsewhere);
    const entries = await this.io('list the folder', target, () => this.fs.readdir(target));
    if (entries.length === 0) return { kind: 'empty-dir' };
    if (entries.some((e) => e.name === STAMP && e.isFile())) return { kind: 'stamped-dir' };
    return refuse(
      `${this.outDir} is a folder that tei-edition did not create (it has no ${STAMP} file): a build replaces its output folder as a whole, so it refuses to touch this one`,
      `Build into a new or empty folder (--out DIR). If ${this.outDir} is an output of an earlier tei-edition, delete it once yourself.`,
    );
  }

  private async lock(): Promise<void> {
    const { lock, parent } = this.layout;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.fs.writeFile(lock, `${process.pid}\n`, 'wx');
        this.haveLock = true;
        return;
      } catch (e) {
        const code = errorCode(e);
        if (code === 'ENOENT') {
          await this.io('create the folder', parent, () => this.fs.mkdir(parent));
          continue;
        }
        if (code !== 'EEXIST' || attempt > 2) throw new WriteError([writeFinding(e, this.outDir, 'create the lock file', lock)]);
        const pid = Number((await this.fs.readFile(lock).catch(() => '')).trim());
        if (isAlive(pid) && pid !== process.pid) {
          throw new WriteError([outFinding(this.outDir, 'output-busy', `another build (process ${pid}) is writing ${this.outDir} now`, `Wait for it to finish, or stop it; if no build is running, delete ${lock}.`)]);
        }
        // Left by a killed run.
        await this.fs.unlink(lock).catch(() => undefined);
      }
    }
  }

  private async release(): Promise<void> {
    if (this.haveLock) {
      this.haveLock = false;
      await this.fs.unlink(this.layout.lock).catch(() => undefined);
    }
    this.releaseLocal();
  }

  /** The version numbers present, ascending. */
  private async versionNumbers(): Promise<number[]> {
    const entries = await this.fs.readdir(this.layout.versions).catch(() => []);
    return entries.filter((e) => /^\d+$/.test(e.name)).map((e) => Number(e.name)).sort((a, b) => a - b);
  }

  /** Removes what killed runs left; never fails the build (what stays is only disk space). */
  private async cleanLeftovers(): Promise<void> {
    const { parent, versions, target } = this.layout;
    const base = basename(target);
    const pidOf = (rest: string): number => Number(rest.split('-')[0]);
    for (const e of await this.fs.readdir(parent).catch(() => [])) {
      const m = new RegExp(`^\\.${escapeRegExp(base)}\\.(tmp|old|link)-(.+)$`).exec(e.name);
      if (m && !isAlive(pidOf(m[2] as string))) await this.fs.rmTree(join(parent, e.name)).catch(() => undefined);
    }
    const current = this.current.kind === 'link' ? this.current.version : undefined;
    const numbers = await this.versionNumbers();
    // With no link (a killed migration, or a link removed by hand), the newest version is kept too.
    const previous = current === undefined ? numbers.at(-1) : numbers.filter((n) => n < current).at(-1);
    for (const e of await this.fs.readdir(versions).catch(() => [])) {
      const staging = /^\.staging-(\d+)-/.exec(e.name);
      const stale = staging ? !isAlive(Number(staging[1])) || Number(staging[1]) === process.pid : /^\d+$/.test(e.name) && Number(e.name) !== current && Number(e.name) !== previous;
      if (stale) await this.fs.rmTree(join(versions, e.name)).catch(() => undefined);
    }
  }

  /** A read-only output or parent folder is refused before anything is written. */
  private async checkWritable(): Promise<void> {
    const { parent, target, versions } = this.layout;
    await this.io('write in', parent, () => this.fs.accessWrite(parent));
    if (await this.statOf(versions)) await this.io('write in', versions, () => this.fs.accessWrite(versions));
    const current = this.current.kind === 'link' ? join(versions, String(this.current.version)) : this.current.kind === 'none' ? undefined : target;
    if (current) await this.io('replace', this.outDir, () => this.fs.accessWrite(current));
  }

  async add(path: string, content: string | Uint8Array, origin?: Origin): Promise<void> {
    if (!this.claimed(path, origin)) return;
    await this.ready();
    const entry = { hash: createHash('sha256').update(content).digest('hex'), size: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength };
    this.manifest.set(path, entry);
    const full = join(this.staging, path);
    await this.schedule(path, async () => {
      // Unchanged: the recycled file stays, or a link to the previous version's file, else written.
      if (await this.inStaging(path, entry.hash, entry.size)) return;
      await this.clear(full);
      if (this.before.holds(path, entry.hash, entry.size) && (await this.unmodified(path)) && (await this.linkOrCopy(path, full))) return;
      await this.fs.writeFile(full, content, 'wx');
    });
  }

  async addParts(path: string, parts: Iterable<string>, origin?: Origin): Promise<void> {
    if (!this.claimed(path, origin)) return;
    await this.ready();
    while (this.inFlight.size >= WRITE_CONCURRENCY) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const full = join(this.staging, path);
    await this.ensureDir(posix.dirname(path));
    const hash = createHash('sha256');
    let size = 0;
    await this.io('write', full, async () => {
      // Written afresh (its bytes are known only at the end: not linked from the previous version).
      await this.clear(full);
      let chunk = '';
      let created = false;
      const flush = async (): Promise<void> => {
        const bytes = Buffer.from(chunk, 'utf8');
        chunk = '';
        hash.update(bytes);
        size += bytes.byteLength;
        if (created) await this.fs.appendFile(full, bytes);
        else await this.fs.writeFile(full, bytes, 'wx');
        created = true;
      };
      // Parts are gathered into writes of about a megabyte.
      for (const part of parts) {
        chunk += part;
        if (chunk.length >= PART_WRITE) await flush();
      }
      if (chunk || !created) await flush();
    });
    this.written++;
    this.manifest.set(path, { hash: hash.digest('hex'), size });
  }

  async reusable(path: string, hash: string): Promise<boolean> {
    if (this.state !== 'open') return false;
    await this.ready();
    if (await this.inStaging(path, hash)) {
      this.inPlace.add(path);
      return true;
    }
    return this.before.holds(path, hash) && (await this.unmodified(path));
  }

  async reuse(path: string, hash: string, origin?: Origin): Promise<void> {
    if (!this.claimed(path, origin)) return;
    await this.ready();
    if (this.inPlace.has(path) && this.recycled?.holds(path, hash)) {
      // The recycled file is the one asked for: nothing to do.
      this.manifest.set(path, this.recycled.get(path) as FileEntry);
      this.written++;
      return;
    }
    const known = this.before.get(path);
    if (known?.hash !== hash) throw new Error(`reuse(${path}): the previous output does not hold these bytes`);
    this.manifest.set(path, known);
    const full = join(this.staging, path);
    await this.schedule(path, async () => {
      await this.clear(full);
      if (!(await this.linkOrCopy(path, full))) throw Object.assign(new Error(`cannot link or copy ${path} from the previous output`), { code: 'EIO' });
    });
  }

  /** The recycled staging folder holds this file, with these bytes, as its build wrote it. */
  private async inStaging(path: string, hash: string, size?: number): Promise<boolean> {
    const known = this.recycled?.get(path);
    const at = this.stagedAt?.get(path);
    if (at !== undefined) this.stagedAt?.delete(path);
    if (!known || known.hash !== hash || (size !== undefined && known.size !== size)) return false;
    if (at !== undefined && this.staged) {
      // As the linking thread found it (NaN: no regular file there).
      const [mtimeMs, bytes] = [this.staged[2 * at] as number, this.staged[2 * at + 1] as number];
      return mtimeMs < this.recycledAt && bytes === known.size;
    }
    const st = await this.fs.lstat(join(this.staging, path)).catch(() => undefined);
    return Boolean(st?.isFile() && st.mtimeMs < this.recycledAt && st.size === known.size);
  }

  /** In a recycled staging folder: removes whatever stands at a path about to be written (a file, perhaps linked into another version, or a folder). */
  private async clear(full: string): Promise<void> {
    if (!this.recycled) return;
    const st = await this.fs.lstat(full).catch(() => undefined);
    if (st?.isDirectory()) await this.fs.rmTree(full);
    else if (st) await this.fs.unlink(full);
  }

  /**
   * In a recycled staging folder, after the last file: removes every file this build did not make (and the
   * folders left empty), so the folder holds exactly this build's files, as a fresh one would.
   */
  private async sweep(dir = this.staging, rel = ''): Promise<boolean> {
    let kept = false;
    for (const e of await this.fs.readdir(dir)) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (await this.sweep(full, path)) kept = true;
        else await this.fs.rmTree(full);
      } else if (this.manifest.has(path) && e.isFile()) kept = true;
      else await this.fs.unlink(full);
    }
    return kept;
  }

  /** Checks the call and claims the path; false when another output holds it (a collision, reported at commit). */
  private claimed(path: string, origin: Origin | undefined): boolean {
    if (this.state !== 'open') throw new Error(`add(${path}) on an output that is ${this.state === 'new' ? 'not open' : 'already committed or aborted'}`);
    checkRelative(path);
    this.touched = true;
    if (!this.claims.claim(path, origin ?? { what: path })) return false;
    this.topLevel.add(path.split('/')[0] as string);
    return true;
  }

  /** Runs one file's write, at most WRITE_CONCURRENCY at once; a failure is kept and thrown by the next call or by commit. */
  private async schedule(path: string, write: () => Promise<void>): Promise<void> {
    while (this.inFlight.size >= WRITE_CONCURRENCY) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const full = join(this.staging, path);
    const p: Promise<void> = this.ensureDir(posix.dirname(path))
      .then(() => this.io('write', full, write))
      .then(
        () => {
          this.written++;
        },
        (e: unknown) => {
          this.failure ??= e instanceof WriteError ? e : new WriteError([writeFinding(e, this.outDir, 'write', full)]);
        },
      )
      .then(() => {
        this.inFlight.delete(p);
      });
    this.inFlight.add(p);
  }

  /**
   * The previous version's file is as that version was stamped: a regular file of the listed size, modified
   * before the stamp was written. Strictly before: file times tick coarsely (a few ms), and a file written in
   * the stamp's tick, or edited by hand right after, is written again rather than trusted.
   */
  private async unmodified(path: string): Promise<boolean> {
    const st = await this.fs.lstat(join(this.previous as string, path)).catch(() => undefined);
    return Boolean(st?.isFile() && st.mtimeMs < this.stampedAt && st.size === this.before.get(path)?.size);
  }

  /** A hard link to the previous version's file, else a copy; false when neither worked (the caller writes the bytes). */
  private async linkOrCopy(path: string, full: string): Promise<boolean> {
    const from = join(this.previous as string, path);
    try {
      await this.fs.link(from, full);
      return true;
    } catch {
      return this.fs.copyFile(from, full).then(
        () => true,
        () => this.fs.unlink(full).then(() => false, () => false),
      );
    }
  }

  private ensureDir(rel: string): Promise<void> {
    if (rel === '.' || rel === '') return Promise.resolve();
    let made = this.dirs.get(rel);
    if (!made) {
      const full = join(this.staging, rel);
      made = this.io('create the folder', full, async () => {
        try {
          await this.fs.mkdir(full);
        } catch (e) {
          if (!this.recycled) throw e;
          // A file of the recycled version stands where a folder is needed now: it goes.
          const parts = rel.split('/');
          for (let i = 1; i <= parts.length; i++) {
            const p = join(this.staging, ...parts.slice(0, i));
            if ((await this.fs.lstat(p).catch(() => undefined))?.isDirectory() === false) await this.fs.unlink(p);
          }
          await this.fs.mkdir(full);
        }
      });
      this.dirs.set(rel, made);
    }
    return made;
  }

  async commit(): Promise<CommitResult> {
    if (this.state !== 'open') throw new Error('commit() on an output that is not open');
    this.committing = true;
    const { versions, target, parent } = this.layout;
    const kind = this.current.kind;
    let version: string | undefined;
    let link: string | undefined;
    let moved: string | undefined;
    let removedEmpty = false;
    let n = 0;
    let previous: number | undefined = this.current.kind === 'link' ? this.current.version : undefined;
    try {
      await this.ready();
      await Promise.all(this.inFlight);
      if (this.failure) throw this.failure;
      if (this.claims.collisions.length) throw new WriteError(this.claims.findings(), 1);
      if (this.recycled) await this.io('clean up', this.staging, () => this.sweep());
      await this.step('written');
      for (const k of this.options.keep ?? []) {
        if (this.topLevel.has(k) || !this.previous) continue;
        const from = join(this.previous, k);
        if ((await this.statOf(from))?.isDirectory()) await this.copyTree(from, join(this.staging, k), k);
      }
      await this.step('kept');
      // The manifest, then the stamp: the stamp is the newest file of the version (see unmodified()).
      const manifest = join(this.staging, MANIFEST);
      await this.io('write', manifest, () => this.fs.writeFile(manifest, manifestText(this.manifest), 'wx'));
      const stamp = join(this.staging, STAMP);
      await this.io('write', stamp, () => this.writeStamp(stamp, manifest));
      await this.step('stamped');
      const top = Math.max(0, previous ?? 0, ...(await this.versionNumbers()));
      // A stamped folder standing at the output path becomes the previous version.
      if (kind === 'stamped-dir') previous = top + 1;
      n = top + (kind === 'stamped-dir' ? 2 : 1);
      version = join(versions, String(n));
      await this.io('rename', this.staging, () => this.fs.rename(this.staging, version as string));
      await this.step('versioned');
      if (kind === 'stamped-dir') {
        // The one two-step case: a real output folder (copied or moved here) is moved into
        // the versions first. Killed right here, the folder is complete in .versions/.
        moved = join(versions, String(previous));
        await this.io('move', target, () => this.fs.rename(target, moved as string));
      } else if (kind === 'empty-dir') {
        await this.io('replace', target, () => this.fs.rmdir(target));
        removedEmpty = true;
      }
      link = join(parent, `.${basename(target)}.link-${process.pid}-${randomBytes(4).toString('hex')}`);
      await this.io('create the link', link, () => this.fs.symlink(this.layout.linkText(n), link as string));
      await this.step('linked');
      // The switch: one rename(2) of a link over the old one.
      await this.io('switch', this.outDir, () => this.fs.rename(link as string, target));
      await this.step('switched');
    } catch (e) {
      if (link) await this.fs.unlink(link).catch(() => undefined);
      if (moved) await this.fs.rename(moved, target).catch(() => undefined);
      if (removedEmpty) await this.fs.mkdir(target).catch(() => undefined);
      if (version) await this.fs.rmTree(version).catch(() => undefined);
      await this.fs.rmTree(this.staging).catch(() => undefined);
      this.state = 'done';
      await this.release();
      throw e instanceof WriteError ? e : new WriteError([writeFinding(e, this.outDir, 'finish writing', this.outDir)]);
    }
    this.state = 'done';
    const kept = moved ?? (this.current.kind === 'link' ? this.previous : undefined);
    const dropped = [...(await this.editedFindings(kept)), ...(await this.droppedFindings(kept))];
    const warnings = [...dropped, ...(await this.prune(n, previous))];
    await this.release();
    await this.step('pruned');
    return { files: this.written, warnings };
  }

  /**
   * The files of the previous output that its build did not make (an editor's own, put there by hand,
   * such as a CNAME), by path. The output folder is the build's alone, and a new version holds only what
   * this build makes: such a file would be gone at the next switch without a word. A walk of names only
   * (31,786 files of 1,000 letters: 61-148 ms), made while the build renders; a link is not followed.
   */
  private async foreignFiles(root: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      for (const e of await this.fs.readdir(dir)) {
        const path = prefix ? `${prefix}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(join(dir, e.name), path);
        else if (!this.before.has(path) && !(prefix === '' && (e.name === STAMP || e.name === MANIFEST))) out.push(path);
      }
    };
    await walk(root, '');
    return out.sort();
  }

  /**
   * The previous output's files that were changed after its build made them (an editor's fix made in a page,
   * say): each new version is made from the sources alone, so such a change would be gone at the switch
   * without a word. A file is looked at when it is newer than its version's stamp or of another size than its
   * manifest says, and counts as changed when its bytes are not those the manifest lists (a file touched but
   * not changed is not). The files' times and sizes come from another thread (WriteFs.linkAll, which links
   * nothing when given no source folder) for a large output (31,771 lstat calls at 1,000 letters), else from
   * this one; either way while the build renders.
   */
  private async editedFiles(root: string): Promise<Map<string, FileEntry>> {
    const paths = [...this.before.paths()].filter(isRelativePath);
    let stats: FolderStats | void | undefined;
    if (this.linking && this.recycled === this.before) {
      // prelink() links these very paths from the previous version, in this order: what its thread found in
      // the staging folder is these files (hard links), so they are not looked at twice.
      await this.linking;
      stats = this.staged;
    } else if (this.fs.linkAll && paths.length >= (this.options.prelinkFrom ?? PRELINK_FROM)) {
      stats = await this.fs.linkAll(undefined, root, paths).catch(() => undefined);
    }
    const out = new Map<string, FileEntry>();
    for (const [i, path] of paths.entries()) {
      let [mtimeMs, size] = stats ? [stats[2 * i] as number, stats[2 * i + 1] as number] : [NaN, NaN];
      if (Number.isNaN(mtimeMs)) {
        // Not known (a link that failed, or no thread): looked at here; no regular file (removed by hand) loses nothing.
        const st = await this.fs.lstat(join(root, path)).catch(() => undefined);
        if (!st?.isFile()) continue;
        [mtimeMs, size] = [st.mtimeMs, st.size];
      }
      // As its build left it: not looked into.
      if (mtimeMs < this.stampedAt && size === this.before.get(path)?.size) continue;
      const bytes = await readFile(join(root, path)).catch(() => undefined);
      const hash = bytes && createHash('sha256').update(bytes).digest('hex');
      if (bytes && hash && !this.before.holds(path, hash, bytes.byteLength)) out.set(path, { hash, size: bytes.byteLength });
    }
    return out;
  }

  /** Warnings for the previous output's files changed by hand (editedFiles), which the new output makes again or leaves out; `kept`: where they still are. */
  private async editedFindings(kept: string | undefined): Promise<Diagnostic[]> {
    const edited = [...((await this.edited) ?? new Map<string, FileEntry>()).keys()].sort();
    const where = kept ? relative(process.cwd(), kept) || '.' : undefined;
    return this.handFindings(
      edited,
      (path) => ({
        file: join(this.outDir, path), line: 0, column: 0, severity: 'warning', source: 'io', rule: 'out-file-edited',
        message: 'was changed after the build that made it; the new output is made from the sources, without that change',
        hint: `Make the change in the TEI, the settings or the page design instead: the output folder is the build's alone.${where ? ` The changed file is still in ${join(where, path)} until the next build.` : ''}`,
      }),
      (count) => ({ message: `and ${count} more files changed after the build that made them, not in the new output as changed`, hint: `Make such changes in the sources instead.${where ? ` The changed files are still in ${where} until the next build.` : ''}` }),
    );
  }

  /** Warnings for the previous output's own files (foreignFiles) the new one leaves out; `kept`: where they still are. */
  private async droppedFindings(kept: string | undefined): Promise<Diagnostic[]> {
    const where = kept ? ` It is still in ${relative(process.cwd(), kept) || '.'} until the next build.` : '';
    return this.handFindings(
      (await this.foreign) ?? [],
      (path) => ({
        file: join(this.outDir, path), line: 0, column: 0, severity: 'warning', source: 'io', rule: 'out-file-dropped',
        message: 'not made by the build, so it is not in the new output',
        hint: `The output folder is the build's alone: keep files of your own outside it.${where}`,
      }),
      (count) => ({ message: `and ${count} more files not made by the build, not in the new output` }),
    );
  }

  /**
   * The warnings for files an editor put or changed in the previous output by hand (`paths`), but those of a
   * top-level folder carried over whole (keep, this build adding nothing there), which carries them as they
   * are: the first DROPPED_SHOWN named one by one (`finding`), the rest counted in one more (`more`).
   */
  private handFindings(paths: readonly string[], finding: (path: string) => Diagnostic, more: (count: number) => Pick<Diagnostic, 'message'> & Partial<Pick<Diagnostic, 'hint'>>): Diagnostic[] {
    const carried = new Set((this.options.keep ?? []).filter((k) => !this.topLevel.has(k)));
    const named = paths.filter((p) => !carried.has(p.split('/')[0] as string));
    const shown = named.slice(0, DROPPED_SHOWN).map(finding);
    if (named.length > DROPPED_SHOWN) shown.push({ ...finding(named[DROPPED_SHOWN] as string), file: this.outDir, ...more(named.length - DROPPED_SHOWN) });
    return shown;
  }

  /**
   * The stamp, with an mtime later than every file of the version (all written before the manifest): file
   * times tick coarsely (4 ms here), so in the manifest's tick it is written again a moment later. Then
   * "older than the stamp" means "as the build wrote it" for the next build (see unmodified()).
   */
  private async writeStamp(stamp: string, manifest: string): Promise<void> {
    const last = (await this.fs.lstat(manifest)).mtimeMs;
    for (let attempt = 0; ; attempt++) {
      await this.fs.writeFile(stamp, STAMP_TEXT, 'wx');
      if ((await this.fs.lstat(stamp)).mtimeMs > last || attempt >= 50) return;
      await this.fs.unlink(stamp);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** After the switch: all versions but the new and the one before it go. Failures are warnings. */
  private async prune(keep: number, previous: number | undefined): Promise<Diagnostic[]> {
    const warnings: Diagnostic[] = [];
    for (const n of await this.versionNumbers()) {
      if (n === keep || n === previous) continue;
      const dir = join(this.layout.versions, String(n));
      await this.fs.rmTree(dir).catch((e: unknown) => {
        warnings.push({ ...writeFinding(e, this.outDir, 'remove the old output', dir, false), severity: 'warning', hint: `Remove ${dir} yourself when convenient; the next build tries again.` });
      });
    }
    return warnings;
  }

  /** Carries a folder of the previous output over: hard links (the versions never change once written), else copies. */
  private async copyTree(from: string, to: string, rel: string): Promise<void> {
    await this.io('create the folder', to, () => this.fs.mkdir(to));
    const entries = await this.io('list the folder', from, () => this.fs.readdir(from));
    const files = entries.filter((e) => e.isFile());
    for (let i = 0; i < files.length; i += WRITE_CONCURRENCY) {
      await Promise.all(
        files.slice(i, i + WRITE_CONCURRENCY).map((e) =>
          this.io('copy', join(from, e.name), () => this.fs.link(join(from, e.name), join(to, e.name)).catch(() => this.fs.copyFile(join(from, e.name), join(to, e.name)))),
        ),
      );
      this.written += Math.min(WRITE_CONCURRENCY, files.length - i);
    }
    // Kept files stay listed (the next build may link them again) where the previous manifest knew them; one
    // changed after its build (editedFiles) with a size no file has, so that no later build takes it for what a
    // build made: the build that replaces it says so, as this one would have.
    const edited = (await this.edited) ?? new Map<string, FileEntry>();
    for (const e of files) {
      const path = `${rel}/${e.name}`;
      const known = edited.has(path) ? { ...(this.before.get(path) as FileEntry), size: EDITED_SIZE } : this.before.get(path);
      if (known) this.manifest.set(path, known);
    }
    for (const e of entries) if (e.isDirectory()) await this.copyTree(join(from, e.name), join(to, e.name), `${rel}/${e.name}`);
  }

  /**
   * Ends a build that makes no new version. A recycled older version that no file was asked of yet (a build
   * stopped by the check's findings) is as it was: it gets its name back, so that what it holds (a file
   * changed by hand that an earlier build said is kept there "until the next build") outlives a build that
   * published nothing. Else the staging folder goes.
   */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'done';
    await this.ready();
    await Promise.all(this.inFlight);
    const restored = this.recycledFrom && !this.touched && (await this.fs.rename(this.staging, this.recycledFrom).then(() => true, () => false));
    if (!restored) await this.fs.rmTree(this.staging).catch(() => undefined);
    // A first build that published nothing leaves no empty versions folder behind (".dist.versions/" beside no dist).
    if ((await this.fs.readdir(this.layout.versions).catch(() => undefined))?.length === 0) await this.fs.rmTree(this.layout.versions).catch(() => undefined);
    await this.release();
  }
}

/** The manifest's text: one line per file, sorted by path (code units: the same on every machine). */
function manifestText(files: FileTable): string {
  let text = '';
  // A path with a line break (no document id has one) is left out: it is simply written each time.
  for (const [path, e] of files.sorted()) if (!/[\n\r]/.test(path)) text += `${e.hash} ${e.size} ${path}\n`;
  return text;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Output paths are relative, with '/', and stay inside the output folder. */
function checkRelative(path: string): void {
  if (!isRelativePath(path)) throw new Error(`refusing to write outside the output folder: ${JSON.stringify(path)}`);
}

function isRelativePath(path: string): boolean {
  const parts = path.split('/');
  return !(path.startsWith('/') || path.includes('\\') || path.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..') || path === STAMP || path === MANIFEST);
}
