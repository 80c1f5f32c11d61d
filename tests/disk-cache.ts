/**
 * Expensive results the tests compute from a fixture (a rendering of a
 * 2.4 MB corpus document takes about 30 s of CPU), kept on disk between
 * runs under `.cache/tests/<kind>/`, keyed by a hash of the input, of
 * the toolkit's fingerprint (src/build/cache.ts: its package.json, lib/,
 * src/, xslt/, schemas/ and assets/) and of the tests' own code. Any change
 * to the toolkit, the tests or the input computes the result again; an unchanged one is read back, as the
 * build's own cache does. A clean checkout (CI) computes everything.
 *
 * Only JSON data (strings, numbers, plain objects and arrays) is kept.
 * TEI_EDITION_TEST_CACHE=0 turns it off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolkitFingerprint } from '../src/build/cache.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const enabled = process.env.TEI_EDITION_TEST_CACHE !== '0';

/**
 * `toolkit: false`: `input` holds everything the result depends on (a consumer's output for an input the
 * toolkit made, given whole, with the code that computes it): kept across changes of the toolkit's and of the
 * other tests' code.
 */
export async function cachedJson<T>(kind: string, input: string, compute: () => T | Promise<T>, { toolkit = true } = {}): Promise<T> {
  if (!enabled) return compute();
  const key = createHash('sha256').update(toolkit ? `${await toolkitFingerprint()}\0${testCode()}` : '').update('\0').update(input).digest('hex');
  const file = join(root, '.cache', 'tests', kind, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // Absent or damaged: compute it again.
  }
  const value = await compute();
  mkdirSync(dirname(file), { recursive: true });
  // Whole or not at all: another worker may read it at the same moment.
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, file);
  return value;
}

let testCodeHash: string | undefined;
/**
 * The tests' own code (every .ts under tests/): how a test computes what it
 * keeps (which tree it renders, how it reads a PDF) is part of the key as
 * much as the toolkit is, or a result made by older test code is read back.
 */
function testCode(): string {
  if (testCodeHash === undefined) {
    const hash = createHash('sha256');
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const full = join(dir, e.name);
        if (e.isDirectory() && !['fixtures', 'golden', 'artifacts'].includes(e.name)) walk(full);
        else if (e.isFile() && e.name.endsWith('.ts')) hash.update(full.slice(root.length)).update('\0').update(readFileSync(full));
      }
    };
    walk(join(root, 'tests'));
    testCodeHash = hash.digest('hex');
  }
  return testCodeHash;
}
