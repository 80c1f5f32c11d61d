import type { OutputFiles } from '../write/atomic.js';

/**
 * Where the build puts each output file as soon as it is made, so that no
 * build holds the whole edition in memory: the write stage (a folder that
 * is swapped into dist/ at the end), or a map for tests and in-process use.
 * `write` may wait (back-pressure): the build does not make more while the
 * sink is behind.
 */
export interface OutputSink {
  write(path: string, content: string | Uint8Array): Promise<void>;
}

/** Collects the outputs in memory (small editions, tests). */
export class MapSink implements OutputSink {
  readonly files: OutputFiles = new Map();
  async write(path: string, content: string | Uint8Array): Promise<void> {
    this.files.set(path, content);
  }
}
