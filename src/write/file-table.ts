/**
 * What the write stage keeps of each output file (its sha256 and size, by
 * path), compactly: a build of thousands of letters writes some 32 files a
 * letter, and a Map of path → { hash: hex string, size } cost about 150
 * bytes a file beside the path (an object, a 64-character string), kept
 * until the end of the build, and twice more on a rebuild (the previous
 * version's manifest and the recycled one's). Here a file is an index in a
 * Map and 40 bytes in two typed arrays: the hash as its 32 bytes, the size
 * as a number.
 */
export interface FileEntry {
  /** sha256, 64 lowercase hex digits. */
  hash: string;
  size: number;
}

export class FileTable {
  private readonly index = new Map<string, number>();
  private hashes = Buffer.alloc(32 * 64);
  private sizes = new Float64Array(64);

  get size(): number {
    return this.index.size;
  }

  has(path: string): boolean {
    return this.index.has(path);
  }

  /** The entry of a path (a new object each time), or undefined. */
  get(path: string): FileEntry | undefined {
    const i = this.index.get(path);
    return i === undefined ? undefined : this.entry(i);
  }

  /** Whether the table holds this path with this hash (and, when given, this size), without making an entry. */
  holds(path: string, hash: string, size?: number): boolean {
    const i = this.index.get(path);
    return i !== undefined && (size === undefined || this.sizes[i] === size) && this.hashes.toString('hex', 32 * i, 32 * i + 32) === hash;
  }

  set(path: string, entry: FileEntry): void {
    let i = this.index.get(path);
    if (i === undefined) {
      i = this.index.size;
      if (i === this.sizes.length) this.grow();
      this.index.set(path, i);
    }
    if (this.hashes.write(entry.hash, 32 * i, 32, 'hex') !== 32 || !/^[0-9a-f]{64}$/.test(entry.hash)) throw new Error(`not a sha256: ${entry.hash}`);
    this.sizes[i] = entry.size;
  }

  /** The paths, in the order they were first set. */
  paths(): IterableIterator<string> {
    return this.index.keys();
  }

  /** The paths in code unit order (the manifest's: the same on every machine), with their entries. */
  *sorted(): Generator<[string, FileEntry]> {
    const paths = [...this.index.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const path of paths) yield [path, this.entry(this.index.get(path) as number)];
  }

  private entry(i: number): FileEntry {
    return { hash: this.hashes.toString('hex', 32 * i, 32 * i + 32), size: this.sizes[i] as number };
  }

  private grow(): void {
    const hashes = Buffer.alloc(this.hashes.length * 2);
    this.hashes.copy(hashes);
    this.hashes = hashes;
    const sizes = new Float64Array(this.sizes.length * 2);
    sizes.set(this.sizes);
    this.sizes = sizes;
  }
}
