import { OutputClaims, type Origin } from './claims.js';
import { openOutput, type CommitResult, type OpenOptions } from './output.js';

/**
 * A build's files in memory, by path relative to the output folder (always
 * with '/'). `set(path, content, origin)` remembers who asked for each path
 * and records, instead of overwriting, a second claim to the same path (or
 * one differing only in case): the build reports those as findings before
 * anything is written.
 */
export class OutputFiles extends Map<string, string | Uint8Array> {
  readonly claims = new OutputClaims();
  readonly origins = new Map<string, Origin>();

  override set(path: string, content: string | Uint8Array, origin?: Origin): this {
    // Map's constructor may call set() before the fields above exist.
    if (!this.claims) return super.set(path, content);
    if (this.claims.claim(path, origin ?? { what: path })) {
      super.set(path, content);
      if (origin) this.origins.set(path, origin);
    }
    return this;
  }
}

/**
 * Writes a whole map of files as the new output folder, in one switch (see
 * output.ts for how, and for the streaming API a large build should use).
 * `keep` names top-level folders of the old output carried over when the
 * map has nothing under them (the outputs a partial build did not make).
 * Throws a WriteError with plain findings; the old output is then intact.
 */
export async function writeAtomically(outDir: string, files: ReadonlyMap<string, string | Uint8Array>, keep: readonly string[] = [], options: Omit<OpenOptions, 'keep'> = {}): Promise<CommitResult> {
  const out = await openOutput(outDir, { ...options, keep });
  try {
    const origins = files instanceof OutputFiles ? files.origins : undefined;
    for (const [path, content] of files) await out.add(path, content, origins?.get(path));
    return await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}
