/**
 * The build command against a hostile contributor or an unlucky user:
 * output folders that hold the user's work, output names that collide,
 * kills at random moments, few file descriptors, partial builds.
 * (The write stage itself is tested call by call in tests/unit/write.test.ts.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliWithEnv } from './cli.js';

const root = join(import.meta.dirname, '..');
const hostile = join(root, 'tests/fixtures/hostile');
const work = mkdtempSync(join(tmpdir(), 'build-safety-'));
afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000);
const RELAXED = ['--no-schema', '--no-rules', '--no-xref'];
let serial = 0;

function project(fixture: string): string {
  const p = join(work, `p${serial++}`);
  mkdirSync(p);
  cpSync(join(hostile, fixture), join(p, 'tei'), { recursive: true });
  return p;
}

function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

describe('--out', () => {
  it('an empty --out is a usage error; a trailing slash is not part of the name the messages give', async () => {
    const p = project('locale');
    const empty = await runCli(p, 'build', ...RELAXED, '--out', '');
    expect([empty.status, empty.stderr.trim()]).toEqual([2, 'tei-edition: --out needs a folder, e.g. --out dist']);
    const slash = await runCli(p, 'build', ...RELAXED, '--only', 'text', '--out', 'out//');
    expect(slash.status).toBe(0);
    expect(slash.stdout).toMatch(/ files in out\/, /);
  });

  it('--out=~/x (a ~ the shell did not expand) and an empty --only are usage errors, not a folder named "~" or every output', async () => {
    const p = project('locale');
    const tilde = await runCli(p, 'build', ...RELAXED, '--out=~/site');
    expect([tilde.status, tilde.stderr]).toEqual([2, expect.stringContaining('"~" was not expanded by the shell')]);
    const only = await runCli(p, 'build', ...RELAXED, '--only', '');
    expect([only.status, only.stderr]).toEqual([2, expect.stringContaining('--only needs the outputs to build')]);
    expect(readdirSync(p).filter((n) => n !== '.cache').sort()).toEqual(['tei']);
  });

  it('built from the documents named, the output says it holds those alone', async () => {
    const p = project('locale');
    const first = readdirSync(join(p, 'tei')).filter((n) => n.endsWith('.xml')).sort()[0] as string;
    const r = await runCli(p, 'build', ...RELAXED, '--only', 'text', join('tei', first));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('dist/ holds only the documents named; run tei-edition build with no documents named to publish the whole edition');
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text')).stdout).not.toContain('holds only');
    // The letters' folder named, as the default: the whole edition, no note.
    const folder = await runCli(p, 'build', ...RELAXED, '--only', 'text', 'tei/');
    expect([folder.status, folder.stdout]).toEqual([0, expect.not.stringContaining('holds only')]);
    // Every letter of the folder named one by one (the shell's tei/*.xml): the whole edition too.
    const every = readdirSync(join(p, 'tei')).filter((n) => n.endsWith('.xml')).map((n) => join('tei', n));
    const all = await runCli(p, 'build', ...RELAXED, '--only', 'text', ...every);
    expect([all.status, all.stdout]).toEqual([0, expect.not.stringContaining('holds only')]);
  });

  it('a first build that stops on a finding leaves no output and no empty versions folder', async () => {
    const p = project('locale');
    writeFileSync(join(p, 'tei', 'broken.xml'), '<TEI xmlns="http://www.tei-c.org/ns/1.0"><a/>&bad;</TEI>');
    const r = await runCli(p, 'build', ...RELAXED);
    expect(r.status).toBe(1);
    expect(readdirSync(p).filter((n) => n !== '.cache').sort()).toEqual(['tei']);
  });
  it('refuses the project folder, the inputs, a folder inside them or inside another output\'s versions, a folder holding edition.json or .git, and a folder it did not make: exit 2, nothing touched', async () => {
    const p = project('locale');
    writeFileSync(join(p, 'edition.json'), '{"title": "T"}');
    mkdirSync(join(p, 'mine'));
    writeFileSync(join(p, 'mine/notes.txt'), 'mine');
    mkdirSync(join(p, 'repo/.git'), { recursive: true });
    const before = snapshot(p);
    const cases: [string, string][] = [
      ['.', 'out-contains-project'],
      ['..', 'out-contains-project'],
      ['tei', 'out-contains-inputs'],
      ['mine', 'out-not-ours'],
      ['repo', 'out-contains-git'],
      // Among the letters: its TEI copies would be sources too.
      ['tei/sub', 'out-in-inputs'],
      // Inside the default output's versions: a version of a version, the link leading into it.
      ['.dist.versions/3', 'out-in-versions'],
      // The default output's lock: its next build would remove it as a stale lock.
      ['.dist.lock', 'out-reserved-name'],
    ];
    // Inside the current output, through its link (made by a first build): an output nested in another.
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text')).status).toBe(0);
    cases.push(['dist/extra', 'out-in-output']);
    const built = snapshot(p);
    for (const [out, rule] of cases) {
      const r = await runCli(p, 'build', ...RELAXED, '--out', out);
      expect(r.status, out).toBe(2);
      expect(r.stdout, out).toContain(`error ${rule}`);
      expect(r.stdout, out).toMatch(/fix: /);
      expect(r.stderr, out).toBe('');
    }
    expect(snapshot(p)).toEqual(built);
    expect(Object.keys(built).filter((k) => !k.startsWith('dist') && !k.startsWith('.dist') && !k.startsWith('.cache'))).toEqual(Object.keys(before));
  });
});

describe('output names', () => {
  it('a document id "cmif", ids "x" and "x.annotated", "Letter" and "letter", a siglum "citations": one finding each, naming both sources; exit 1, the old output kept', async () => {
    const p = project('locale');
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text,data,cite')).status).toBe(0);
    const before = snapshot(join(p, 'dist'));
    rmSync(join(p, 'tei'), { recursive: true });
    cpSync(join(hostile, 'collisions'), join(p, 'tei'), { recursive: true });
    const r = await runCli(p, 'build', ...RELAXED);
    expect(r.status).toBe(1);
    // Ids that differ only in case are one id: found with the checks (as validate finds it), before any output is named.
    const findings = (out: string): string[] => out.split('\n').filter((l) => l.includes(' error '));
    expect(findings(r.stdout)).toEqual([
      'tei/upper.xml:3:50 error document-id-unique document id "Letter" (from TEI/@xml:id) is "letter" but for case, the id of tei/lower.xml:3:50 (from TEI/@xml:id): their pages and files would have one name where case is ignored (macOS, Windows)',
    ]);
    expect(snapshot(join(p, 'dist'))).toEqual(before);
    // Without it, the outputs' names collide: printed by file, the files in their order.
    rmSync(join(p, 'tei', 'upper.xml'));
    const again = await runCli(p, 'build', ...RELAXED);
    expect(again.status).toBe(1);
    expect(findings(again.stdout)).toEqual([
      'tei/cmif.xml error output-name-collision the edition\'s export data/cmif.xml and the TEI source of document "cmif" would be written to the same output file data/cmif.xml',
      'tei/siglum.xml error output-name-collision the citations index of document "siglum" and the csl-json citation of witness "citations" would be written to the same output file cite/siglum.citations.json',
      'tei/x.xml error output-name-collision the plain text of document "x.annotated" (tei/x-annotated.xml) and the annotated text of document "x" would be written to the same output file text/x.annotated.txt (and 1 more output of the two)',
    ]);
    expect(snapshot(join(p, 'dist'))).toEqual(before);
  }, 120_000);
});

describe('--only web', () => {
  it('keeps print, text, cite and data, and its pages keep the download links to the PDF and text of the previous output', async () => {
    const p = project('locale');
    expect((await runCli(p, 'build', ...RELAXED)).status).toBe(0);
    const full = snapshot(join(p, 'dist'));
    const page = readFileSync(join(p, 'dist/web/documents/zeta.html'), 'utf8');
    expect(page).toContain('href="../downloads/zeta.pdf"');
    const r = await runCli(p, 'build', ...RELAXED, '--only', 'web');
    expect(r.status, r.stdout).toBe(0);
    // Same sources: the partial build gives exactly the full build's output.
    expect(snapshot(join(p, 'dist'))).toEqual(full);
    rmSync(join(p, 'dist'));
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'web')).status).toBe(0);
    // With no previous output there is nothing to link.
    expect(readFileSync(join(p, 'dist/web/documents/zeta.html'), 'utf8')).not.toContain('zeta.pdf');
  }, 180_000);

  it('an output named as editors name it is refused with the one that makes it', async () => {
    const p = project('locale');
    const r = await runCli(p, 'build', '--only', 'web,PDF');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--only: unknown output "PDF" \(did you mean "print"\?\); choose from web, print, text, cite, data/);
    expect((await runCli(p, 'build', '--only', 'foo')).stderr).toMatch(/unknown output "foo"; choose from/);
    expect(existsSync(join(p, 'dist'))).toBe(false);
  });
});

describe("the editor's own files in the output folder", () => {
  const dropped = (stdout: string): string[] => stdout.split('\n').filter((l) => l.includes(' warning out-file-dropped ')).map((l) => l.split(' ')[0] as string);
  it('are named when the new output leaves them out, and still found in the previous version until the next build', async () => {
    const p = project('locale');
    const first = await runCli(p, 'build', ...RELAXED, '--only', 'text,data');
    expect(first.status).toBe(0);
    expect(dropped(first.stdout)).toEqual([]);
    writeFileSync(join(p, 'dist', 'CNAME'), 'letters.example.org\n');
    mkdirSync(join(p, 'dist', 'text', 'mine'));
    writeFileSync(join(p, 'dist', 'text', 'mine', 'notes.txt'), 'mine');
    const previous = readlinkSync(join(p, 'dist'));
    const r = await runCli(p, 'build', ...RELAXED, '--only', 'text,data');
    expect(r.status).toBe(0);
    expect(dropped(r.stdout)).toEqual(['dist/CNAME', 'dist/text/mine/notes.txt']);
    expect(r.stdout).toContain(`It is still in ${previous} until the next build.`);
    // Counted in the summary with the build's other warnings (here: no edition.json).
    const warned = Number(/^✔ built \d+ documents? → \d+ files in dist\/, (\d+) warnings/m.exec(r.stdout)?.[1]);
    expect(warned).toBe(r.stdout.split('\n').filter((l) => / warning [a-z-]+ /.test(l)).length);
    expect(warned).toBe(Number(/, (\d+) warnings?/.exec(first.stdout)?.[1] ?? 0) + 2);
    expect(existsSync(join(p, 'dist', 'CNAME'))).toBe(false);
    expect(readFileSync(join(p, previous, 'CNAME'), 'utf8')).toBe('letters.example.org\n');
    // Said once: the output the build made has none.
    expect(dropped((await runCli(p, 'build', ...RELAXED, '--only', 'text,data')).stdout)).toEqual([]);
    // --quiet prints errors only: the warning is counted, not printed.
    writeFileSync(join(p, 'dist', 'CNAME'), 'letters.example.org\n');
    const quiet = await runCli(p, 'build', ...RELAXED, '--only', 'text,data', '--quiet');
    expect(quiet.stdout).not.toContain('out-file-dropped');
    expect(quiet.stdout).toMatch(/^✔ built \d+ documents? → \d+ files in dist\/, \d+ warnings?/m);
  }, 120_000);

  it('changed after the build that made them are named, and their changed copies kept until the next build', async () => {
    const p = project('locale');
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text,data')).status).toBe(0);
    const text = readdirSync(join(p, 'dist', 'text')).filter((n) => n.endsWith('.txt')).sort()[0] as string;
    const built = readFileSync(join(p, 'dist', 'text', text), 'utf8');
    writeFileSync(join(p, 'dist', 'text', text), `${built}A line added by hand.\n`);
    const previous = readlinkSync(join(p, 'dist'));
    const r = await runCli(p, 'build', ...RELAXED, '--only', 'text,data');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`dist/text/${text} warning out-file-edited was changed after the build that made it; the new output is made from the sources, without that change`);
    expect(r.stdout).toContain(`The changed file is still in ${join(previous, 'text', text)} until the next build.`);
    expect(readFileSync(join(p, 'dist', 'text', text), 'utf8')).toBe(built);
    expect(readFileSync(join(p, previous, 'text', text), 'utf8')).toBe(`${built}A line added by hand.\n`);
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text,data')).stdout).not.toContain('out-file-edited');
  }, 120_000);

  it('kept in an older version outlive a build that stops on a finding (it publishes nothing), and go with the next build that publishes', async () => {
    const p = project('locale');
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text,data')).status).toBe(0);
    writeFileSync(join(p, 'dist', 'CNAME'), 'letters.example.org\n');
    const kept = join(p, readlinkSync(join(p, 'dist')), 'CNAME');
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text,data')).stdout).toContain('dist/CNAME warning out-file-dropped');
    const published = snapshot(join(p, 'dist'));
    writeFileSync(join(p, 'tei', 'draft.xml'), '<TEI');
    const failed = await runCli(p, 'build', ...RELAXED, '--only', 'text,data');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('dist/ is unchanged');
    expect(readFileSync(kept, 'utf8')).toBe('letters.example.org\n');
    expect(readdirSync(join(p, '.dist.versions')).filter((n) => n.startsWith('.staging'))).toEqual([]);
    expect(snapshot(join(p, 'dist'))).toEqual(published);
    rmSync(join(p, 'tei', 'draft.xml'));
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text,data')).status).toBe(0);
    expect(existsSync(kept)).toBe(false);
  }, 120_000);

  it('under a folder that --only carries over whole, are kept and not named', async () => {
    const p = project('locale');
    expect((await runCli(p, 'build', ...RELAXED, '--only', 'text,data')).status).toBe(0);
    writeFileSync(join(p, 'dist', 'data', 'mine.json'), '{}');
    const r = await runCli(p, 'build', ...RELAXED, '--only', 'text');
    expect(r.status).toBe(0);
    expect(dropped(r.stdout)).toEqual([]);
    expect(readFileSync(join(p, 'dist', 'data', 'mine.json'), 'utf8')).toBe('{}');
  }, 120_000);
});

describe('file descriptors', () => {
  const LIMIT = 96;
  // More files than descriptors: the build must never hold every output open at once. 9 documents give about 225
  // files, more than twice a limit of 96 (16 documents, ~370 files, under 128 proved the same before, and 60 under
  // 256): a build that held its outputs open would need more descriptors than the limit allows. In this thread
  // (TEI_EDITION_THREADS=0): the outputs are written by the main thread whichever thread renders, and at 64
  // descriptors Node cannot start a worker thread at all (EMFILE in the worker's own start-up). Not 64 for the
  // command either: Node's ES module loader reads a program's modules all at once, and the toolkit's grown past
  // what 64 descriptors allow (EMFILE loading lib/, before any document is read; 72 was enough, 96 leaves room).
  it('builds 9 documents (about 225 files) with a limit of 96 open files', () => {
    const p = join(work, `p${serial++}`);
    mkdirSync(join(p, 'tei'), { recursive: true });
    const letter = readFileSync(join(hostile, 'locale/aabenraa.xml'), 'utf8');
    for (let i = 1; i <= 9; i++) writeFileSync(join(p, 'tei', `letter-${i}.xml`), letter.replaceAll('aabenraa', `letter-${i}`));
    const r = spawnSync('bash', ['-c', `ulimit -n ${LIMIT} && exec "${process.execPath}" "${join(root, 'bin/tei-edition.js')}" build ${RELAXED.join(' ')}`], { cwd: p, encoding: 'utf8', env: { ...process.env, TEI_EDITION_THREADS: '0' } });
    expect(r.stderr).toBe('');
    const files = Number(/^✔ built 9 documents → (\d+) files in dist\//m.exec(r.stdout)?.[1]);
    expect(files, r.stdout).toBeGreaterThan(2 * LIMIT);
    expect(r.status).toBe(0);
    expect(readdirSync(join(p, 'dist/print')).filter((n) => n.startsWith('letter-')).length).toBe(18);
  }, 300_000);
});

describe('a build killed at random moments', () => {
  it('leaves the old or the new complete output; the next build removes what it left, Typst temporary folders included', async () => {
    const temp = join(work, 'tmp');
    mkdirSync(temp);
    const env = { ...process.env, TMPDIR: temp };
    // Only the killed builds need a process of their own; the others run in this one (tests/cli.ts), with the same TMPDIR.
    const here = (cwd: string, title: string) => runCliWithEnv({ TMPDIR: temp }, cwd, 'build', ...RELAXED, '--title', title);
    const p = project('locale');
    expect((await here(p, 'Old')).status).toBe(0);
    const old = snapshot(join(p, 'dist'));
    const ref = project('locale');
    expect((await here(ref, 'New')).status).toBe(0);
    const neu = snapshot(join(ref, 'dist'));
    expect(neu).not.toEqual(old);
    for (const ms of [400, 1500, 3000, 6000]) {
      const child = spawn(process.execPath, [join(root, 'bin/tei-edition.js'), 'build', ...RELAXED, '--title', 'New'], { cwd: p, env, stdio: 'ignore' });
      const ended = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await ended;
      clearTimeout(timer);
      const seen = snapshot(join(p, 'dist'));
      expect([old, neu], `killed after ${ms} ms (exit ${code})`).toContainEqual(seen);
      // Back to the old state for the next kill, through a normal build (which also cleans up).
      expect((await here(p, 'Old')).status).toBe(0);
      expect(snapshot(join(p, 'dist'))).toEqual(old);
      expect(readdirSync(p).filter((n) => n.startsWith('.dist.') && n !== '.dist.versions')).toEqual([]);
      expect(readdirSync(join(p, '.dist.versions')).filter((n) => !/^\d+$/.test(n))).toEqual([]);
      expect(readdirSync(temp).filter((n) => n.startsWith('tei-edition-'))).toEqual([]);
    }
  }, 300_000);

  it('Ctrl-C (or a TERM) while it writes: the new version is removed and the lock released at once, the output unchanged, and it says so', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const p = project('locale');
      expect((await runCli(p, 'build', ...RELAXED, '--title', 'Old')).status).toBe(0);
      const old = snapshot(join(p, 'dist'));
      const child = spawn(process.execPath, [join(root, 'bin/tei-edition.js'), 'build', ...RELAXED, '--no-cache', '--title', 'New'], { cwd: p, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const ended = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      // Once the new version is being written (its staging folder is there).
      for (let i = 0; i < 600 && !readdirSync(join(p, '.dist.versions')).some((n) => n.startsWith('.staging')); i++) await new Promise((r) => setTimeout(r, 20));
      expect(readdirSync(join(p, '.dist.versions')).some((n) => n.startsWith('.staging')), 'staging seen').toBe(true);
      child.kill(signal);
      const code = await ended;
      expect([code, stderr.trim()], signal).toEqual([signal === 'SIGINT' ? 130 : 143, `${signal === 'SIGINT' ? 'Interrupted' : 'Stopped (SIGTERM)'}: nothing was built (dist/ is unchanged).`]);
      expect(snapshot(join(p, 'dist'))).toEqual(old);
      expect(readdirSync(p).filter((n) => n.startsWith('.dist.') && n !== '.dist.versions')).toEqual([]);
      expect(readdirSync(join(p, '.dist.versions')).filter((n) => !/^\d+$/.test(n))).toEqual([]);
    }
  }, 120_000);
});
