import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ServeSession } from '../../src/serve/session.js';
import { serveBuildOptions } from '../../src/cli/serve.js';
import { EVENTS_URL } from '../../src/serve/client.js';
import type { Diagnostic } from '../../src/diagnostic.js';
import { openStates, save, type StateStream, startServeOneWorker } from './sse.js';

// edition.json saved invalid (a comma missing, "paper": 4): the one error, as validate and build report it. Before,
// serve added five settings-fallback warnings claiming edition.json had no title, introduction, publisher,
// licences or date (the build had read the broken settings as none).
const FIXTURE = join(process.cwd(), 'tests/fixtures/edition');
const LETTER_ID = 'pryce-lindqvist-1853-09-20';
let dir: string;
let settings: string;
let original: string;
let session: ServeSession;
let events: StateStream;
let findings: Diagnostic[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-settings-'));
  mkdirSync(join(dir, 'tei'));
  cpSync(join(FIXTURE, 'edition.json'), join(dir, 'edition.json'));
  for (const f of [`${LETTER_ID}.xml`, 'registers.xml']) cpSync(join(FIXTURE, 'tei', f), join(dir, 'tei', f));
  settings = join(dir, 'edition.json');
  original = readFileSync(settings, 'utf8');
  session = await startServeOneWorker({
    inputs: [join(dir, 'tei')], buildOptions: () => serveBuildOptions(settings, {}), watchFiles: [settings], host: '127.0.0.1', port: 0, background: false,
    onEvent: (e) => {
      if (e.type === 'findings') findings = e.diagnostics;
    },
  });
  events = await openStates(`${session.url}${EVENTS_URL.slice(1)}`);
  await session.idle();
}, 300_000);

afterAll(async () => {
  events?.close();
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve: edition.json saved invalid', () => {
  const broken: [string, (s: string) => string][] = [
    ['a comma missing', (s) => s.replace(/,(\s*\n\s*"title")/, '$1').replace(/",(\s*\n)/, '"$1')],
    ['"paper": 4', (s) => s.replace(/^\{/, '{\n  "paper": 4,')],
  ];
  for (const [what, edit] of broken) {
    it(`${what}: its error, and no settings-fallback warnings`, async () => {
      const text = edit(original);
      expect(text).not.toBe(original);
      save(settings, text);
      await events.next((s) => s.findings.some((f) => f.file.endsWith('edition.json')), 60_000);
      await session.idle();
      expect(findings.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
      expect(findings.filter((d) => d.rule === 'settings-fallback')).toEqual([]);
      save(settings, original);
      await events.next((s) => s.findings.length === 0, 60_000);
      await session.idle();
    });
  }
});
