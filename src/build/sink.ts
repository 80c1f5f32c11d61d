import { OutputFiles } from '../write/atomic.js';
import type { Origin } from '../write/claims.js';

/**
 * Where the build puts each output file as soon as it is made, so that no
 * build holds the whole edition in memory: the write stage's OutputWriter
 * (write/output.ts: a folder switched into place at the end), or a map for
 * tests and in-process use. `add` may wait (back-pressure): the build does
 * not make more while the sink is behind. `origin` says which document and
 * what output a file is, for the findings about output names that collide.
 */
export interface OutputSink {
  add(path: string, content: string | Uint8Array, origin?: Origin): Promise<void>;
  /**
   * A sink that keeps the previous output (the write stage) says which files
   * it holds unchanged, by their sha256, and takes them over without their
   * content: a rebuild then does not read them from the cache at all.
   */
  reusable?(path: string, hash: string): Promise<boolean>;
  reuse?(path: string, hash: string, origin?: Origin): Promise<void>;
  /**
   * A file made in parts (a page or an export of the whole edition), written as the parts come so that it
   * is never held whole. The parts are read once, in order. A sink without it is given the parts joined.
   */
  addParts?(path: string, parts: Iterable<string>, origin?: Origin): Promise<void>;
}

/** Adds a file made in parts: streamed where the sink can, else joined. */
export async function addParts(sink: OutputSink, path: string, parts: Iterable<string>, origin?: Origin): Promise<void> {
  if (sink.addParts) return sink.addParts(path, parts, origin);
  let text = '';
  for (const part of parts) text += part;
  return sink.add(path, text, origin);
}

/** Collects the outputs in memory (small editions, tests, serve). */
export class MapSink implements OutputSink {
  readonly files = new OutputFiles();
  async add(path: string, content: string | Uint8Array, origin?: Origin): Promise<void> {
    this.files.set(path, content, origin);
  }
}
