import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ServeSession } from '../../src/serve/session.js';
import { serveBuildOptions } from '../../src/cli/serve.js';
import { EVENTS_URL } from '../../src/serve/client.js';
import { openStates, raw, save, type StateStream, startServeOneWorker } from './sse.js';

// A file in tei/ that is never read (a symbolic link out of the edition, a FIFO): its error shows, and saves of the
// letters still rebuild and show. Before, every later save was ignored silently (the whole build failed on the
// link's error, and each save was a whole build again) until the link or pipe was removed.
const FIXTURE = join(process.cwd(), 'tests/fixtures/edition');
const LETTER_ID = 'pryce-lindqvist-1853-09-20';
let dir: string;
let outside: string;
let letter: string;
let original: string;
let session: ServeSession;
let origin: string;
let events: StateStream;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-refused-'));
  outside = mkdtempSync(join(tmpdir(), 'serve-refused-outside-'));
  mkdirSync(join(dir, 'tei'));
  cpSync(join(FIXTURE, 'edition.json'), join(dir, 'edition.json'));
  for (const f of [`${LETTER_ID}.xml`, 'registers.xml']) cpSync(join(FIXTURE, 'tei', f), join(dir, 'tei', f));
  letter = join(dir, 'tei', `${LETTER_ID}.xml`);
  original = readFileSync(letter, 'utf8');
  const settings = join(dir, 'edition.json');
  session = await startServeOneWorker({ inputs: [join(dir, 'tei')], buildOptions: () => serveBuildOptions(settings, {}), watchFiles: [settings], host: '127.0.0.1', port: 0, background: false });
  origin = session.url.replace(/\/$/, '');
  events = await openStates(`${origin}${EVENTS_URL}`);
  await session.idle();
}, 300_000);

afterAll(async () => {
  events?.close();
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('serve: a link out of the edition and a pipe in tei/', () => {
  it('their errors show, and saves of a letter still rebuild and show, every time', async () => {
    const target = join(outside, 'other.xml');
    writeFileSync(target, original.replaceAll(LETTER_ID, 'other-letter'));
    symlinkSync(target, join(dir, 'tei', 'outside.xml'));
    execFileSync('mkfifo', [join(dir, 'tei', 'pipe.xml')]);
    await events.next((s) => ['link-outside', 'not-a-file'].every((rule) => s.findings.some((f) => f.rule === rule)), 60_000, 0);
    await session.idle();
    for (const word of ['first', 'second', 'third']) {
      const before = session.state().version;
      save(letter, original.replace('<p xml:id="p1">', `<p xml:id="p1">The ${word} save. `));
      const s = await events.next((x) => x.version > before, 30_000);
      // The errors stay in the overlay (the files are still there).
      expect(s.findings.map((f) => f.rule).sort()).toEqual(['link-outside', 'not-a-file']);
      expect((await raw(origin, `/documents/${LETTER_ID}.html`)).body).toContain(`The ${word} save.`);
      await session.idle();
    }
  });
});
