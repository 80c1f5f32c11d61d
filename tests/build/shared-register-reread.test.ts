/**
 * A build thread reads the shared register files once and keeps them while
 * their signature (size, inode, modification and change times) stays the one
 * they had when read, if they had not changed for SETTLED_MS then
 * (src/build/document.ts, sharedRegisters): a register of 2.4 MB was read and
 * hashed two or three times a letter. A register edited since (serve keeps
 * its processes across edits) is read again, also when the edit keeps its
 * size and its modification time is set back, whether or not the first read
 * found it settled. A large register's records (model.xsl over every entry)
 * are read only for a batch of models worth it: one letter's model reads the
 * entries copied into its view instead, and is the same model.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashOf, readModels } from '../../src/build/document.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'edition', 'tei');
const dir = mkdtempSync(join(tmpdir(), 'shared-register-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const letter = join(dir, 'whitcombe-lindqvist-1851-03-14.xml');
const register = join(dir, 'registers.xml');
cpSync(join(FIXTURE, 'whitcombe-lindqvist-1851-03-14.xml'), letter);
cpSync(join(FIXTURE, 'registers.xml'), register);

async function senderName(): Promise<string | undefined> {
  const [read] = await readModels({ kind: 'model', files: [{ file: letter, hash: hashOf(readFileSync(letter)) }], shared: [register] });
  return read?.model?.sender?.agents?.[0]?.entry?.name;
}

/** The register with Clara's forename replaced by one of the same length, its times set back to what they were. */
function rename(from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const before = statSync(register);
  const text = readFileSync(register, 'utf8');
  expect(text).toContain(`<forename>${from}</forename>`);
  writeFileSync(register, text.replace(`<forename>${from}</forename>`, `<forename>${to}</forename>`));
  utimesSync(register, before.atime, before.mtime);
  expect(statSync(register).size).toBe(before.size);
  expect(Math.abs(statSync(register).mtimeMs - before.mtimeMs)).toBeLessThan(1);
}

describe('a large shared register', () => {
  it("gives one letter's model without its records the model a batch gives with them", async () => {
    const big = mkdtempSync(join(tmpdir(), 'shared-register-big-'));
    try {
      for (const f of ['whitcombe-lindqvist-1851-03-14.xml', 'lindqvist-whitcombe-1851-05-02.xml']) cpSync(join(FIXTURE, f), join(big, f));
      // 600 more persons, named in no letter: some 80 kB, more than one letter's share (64 kB).
      const more = Array.from({ length: 600 }, (_, i) => `<person xml:id="extra${i}"><persName>Extra Person ${i}</persName><note>Named in no letter of this edition at all.</note></person>`).join('');
      const text = readFileSync(join(FIXTURE, 'registers.xml'), 'utf8').replace('</listPerson>', `${more}</listPerson>`);
      expect(text.length).toBeGreaterThan(64 * 1024);
      writeFileSync(join(big, 'registers.xml'), text);
      const files = ['whitcombe-lindqvist-1851-03-14.xml', 'lindqvist-whitcombe-1851-05-02.xml'].map((f) => join(big, f));
      const request = (list: string[]) => ({ kind: 'model' as const, files: list.map((file) => ({ file, hash: hashOf(readFileSync(file)) })), shared: [join(big, 'registers.xml')] });
      const [alone] = await readModels(request(files.slice(0, 1)));
      const batch = await readModels(request(files));
      expect(alone?.model?.sender?.agents?.[0]?.entry?.name).toBe('Clara Whitcombe');
      expect(JSON.stringify(batch[0]?.model)).toBe(JSON.stringify(alone?.model));
      expect(batch[1]?.model?.recipient?.agents?.[0]?.entry?.name).toBe('Clara Whitcombe');
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});

describe('a shared register edited while a thread keeps it', () => {
  it('is read again when it changed, even with its size and modification time as before', async () => {
    expect(await senderName()).toBe('Clara Whitcombe');
    rename('Clara', 'Maria');
    expect(await senderName()).toBe('Maria Whitcombe');
  });

  it('is read again after it had settled (its signature kept), when an edit changes it', async () => {
    // Older than SETTLED_MS (2 s): the next read keeps its signature.
    await new Promise((r) => setTimeout(r, 2100));
    expect(await senderName()).toBe('Maria Whitcombe');
    expect(await senderName()).toBe('Maria Whitcombe');
    rename('Maria', 'Sofia');
    expect(await senderName()).toBe('Sofia Whitcombe');
  });
});
