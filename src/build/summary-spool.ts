import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { privateTempDir } from '../write/temp.js';
import type { DocumentModel } from '../model/types.js';
import type { DocumentSummary, Occurrence } from '../site/summary.js';

/**
 * Every letter's summary (its model, its register occurrences, its words
 * for the search), kept on disk from the moment the letter is made until
 * the edition-level pages are, and read back one letter at a time in each
 * pass that needs them: the build's main thread then holds per letter only
 * what the lists need (site/letters.ts LetterSummary) and the hash of its
 * model, not some 10 kB of summary (a build of 3,000 letters held ~30 MB).
 *
 * One temporary file, written in the order the letters are made (any), and
 * read in the letters' order (by offset). Each letter is one record of three
 * parts, the model's JSON, the occurrences' JSON and the terms, so that a
 * pass that needs one part (the pages' cache key hashes the occurrences'
 * JSON) reads and parses only that one. Reads and writes are synchronous:
 * a few kB each, from the page cache.
 */
export class SummarySpool {
  private readonly dir: string;
  private readonly fd: number;
  private end = 0;
  /** Per letter: the offset of its record and the byte lengths of its three parts (-1: not stored). */
  private offsets: Float64Array;
  private lengths: Float64Array;

  constructor(readonly count: number) {
    // Named with the process id (write/temp.ts): the folder of a killed build is removed by the next one.
    this.dir = privateTempDir('summaries');
    this.fd = openSync(join(this.dir, 'summaries'), 'w+');
    this.offsets = new Float64Array(count).fill(-1);
    this.lengths = new Float64Array(3 * count);
  }

  /** Stores letter i's summary (again: the last one counts). */
  put(i: number, summary: DocumentSummary): void {
    this.check(i);
    const parts = [JSON.stringify(summary.model), JSON.stringify(summary.occurrences), summary.terms].map((s) => Buffer.from(s, 'utf8'));
    const record = Buffer.concat(parts);
    let done = 0;
    while (done < record.length) done += writeSync(this.fd, record, done, record.length - done, this.end + done);
    this.offsets[i] = this.end;
    parts.forEach((p, k) => (this.lengths[3 * i + k] = p.length));
    this.end += record.length;
  }

  has(i: number): boolean {
    return this.offsets[i] !== undefined && (this.offsets[i] as number) >= 0;
  }

  /** Letter i's summary, read back. */
  get(i: number): DocumentSummary {
    const [model, occurrences, terms] = this.read(i, [0, 1, 2]) as [string, string, string];
    return { model: JSON.parse(model) as DocumentModel, occurrences: JSON.parse(occurrences) as Occurrence[], terms };
  }

  /** The JSON of letter i's occurrences, as stored (not parsed). */
  occurrencesJson(i: number): string {
    return this.read(i, [1])[0] as string;
  }

  /** Letter i's words for the search, as stored. */
  terms(i: number): string {
    return this.read(i, [2])[0] as string;
  }

  /** Letter i's model, read back. */
  model(i: number): DocumentModel {
    return JSON.parse(this.read(i, [0])[0] as string) as DocumentModel;
  }

  /** The letters' summaries in their order, one read at a time (a pass over the edition). */
  *summaries(each: (d: DocumentSummary) => DocumentSummary = (d) => d): Generator<DocumentSummary> {
    for (let i = 0; i < this.count; i++) yield each(this.get(i));
  }

  *models(): Generator<DocumentModel> {
    for (let i = 0; i < this.count; i++) yield this.model(i);
  }

  /** Removes the file; the spool is not used after. */
  close(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private read(i: number, which: number[]): string[] {
    if (!this.has(i)) throw new Error(`summary ${i} was not stored`);
    const base = this.offsets[i] as number;
    const at = [0, this.lengths[3 * i] as number, (this.lengths[3 * i] as number) + (this.lengths[3 * i + 1] as number)];
    return which.map((k) => {
      const length = this.lengths[3 * i + k] as number;
      const bytes = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(this.fd, bytes, done, length - done, base + (at[k] as number) + done);
        if (n === 0) throw new Error(`summary ${i}: the file ends early`);
        done += n;
      }
      return bytes.toString('utf8');
    });
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new Error(`summary ${i} out of range 0..${this.count - 1}`);
  }
}
