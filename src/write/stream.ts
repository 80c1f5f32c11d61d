import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The write stage for builds that stream: files are written into a
 * temporary sibling folder as they come (at most `MAX_OPEN` at a time, so a
 * build of thousands of files never runs out of file descriptors), and
 * `commit` swaps that folder into place in one rename, exactly as
 * writeAtomically does for a map of files. `abort` removes it: the previous
 * output folder is untouched until `commit`.
 */
const MAX_OPEN = 32;

export class StagedOutput {
  private readonly dirs = new Set<string>();
  private open = 0;
  private readonly waiting: (() => void)[] = [];
  count = 0;

  private constructor(
    readonly target: string,
    readonly tmp: string,
    private readonly old: string,
  ) {}

  static async open(outDir: string): Promise<StagedOutput> {
    const target = resolve(outDir);
    const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const s = new StagedOutput(target, join(dirname(target), `.${basename(target)}.tmp-${tag}`), join(dirname(target), `.${basename(target)}.old-${tag}`));
    await mkdir(s.tmp, { recursive: true });
    return s;
  }

  async write(path: string, content: string | Uint8Array): Promise<void> {
    if (path.startsWith('/') || path.split('/').includes('..')) throw new Error(`refusing to write outside the output folder: ${path}`);
    const file = join(this.tmp, path);
    const dir = dirname(file);
    while (this.open >= MAX_OPEN) await new Promise<void>((r) => this.waiting.push(r));
    this.open++;
    try {
      if (!this.dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.dirs.add(dir);
      }
      await writeFile(file, content);
      this.count++;
    } finally {
      this.open--;
      this.waiting.shift()?.();
    }
  }

  /** Swaps the written folder into place; `keep`: top-level folders of the old output to carry over. */
  async commit(keep: string[] = []): Promise<void> {
    try {
      const exists = await stat(this.target).then((s) => s.isDirectory(), () => false);
      if (exists) {
        const entries = new Set(await readdir(this.target));
        for (const k of keep) if (entries.has(k) && !(await stat(join(this.tmp, k)).catch(() => undefined))) await rename(join(this.target, k), join(this.tmp, k));
        await rename(this.target, this.old);
      }
      await rename(this.tmp, this.target);
    } catch (e) {
      await this.abort();
      throw e;
    }
    await rm(this.old, { recursive: true, force: true });
  }

  async abort(): Promise<void> {
    await rm(this.tmp, { recursive: true, force: true });
  }
}
