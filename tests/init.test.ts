import { describe, it, expect } from 'vitest';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { readSettings } from '../src/settings/read.js';
import { runCli } from './cli.js';
import { shellWord } from '../src/cli/shell-word.js';

const BIN = join(process.cwd(), 'bin', 'tei-edition.js');
// The first `init` is spawned (the command as installed); the rest run in this process (tests/cli.ts).
const spawned = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

describe('tei-edition init', async () => {
  it('scaffolds an edition that validates with no findings and builds, in a fresh folder', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tei-init-'));
    const r = spawned(parent, 'init', 'herbarium-letters');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const dir = join(parent, 'herbarium-letters');
    for (const f of ['edition.json', 'tei/template-letter.xml', 'tei/registers.xml', 'README.md', '.gitignore', '.github/workflows/edition.yml', 'package.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    // The settings the editor must make their own are warnings at their values, until replaced (see below).
    const settings = readSettings(join(dir, 'edition.json'));
    const placeholders = ['6:15 "editors"[0].name is still "Your Name"', '8:16 "publisher" is still "Your project or institution"', '14:19 "introduction" is still "What this edition is'];
    expect(settings.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(placeholders.map((p) => expect.stringContaining(p)));
    expect(settings.diagnostics.every((d) => d.severity === 'warning' && d.rule === 'settings-placeholder')).toBe(true);
    expect(settings.settings.title).toBe('Herbarium letters');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', '/dist', '.*.versions/', '.cache/']));
    const workflow = readFileSync(join(dir, '.github/workflows/edition.yml'), 'utf8');
    for (const step of ['npm ci', 'npx tei-edition validate', 'npx tei-edition build', 'actions/upload-pages-artifact', 'path: dist/web', 'actions/deploy-pages', 'pages: write']) expect(workflow).toContain(step);
    // The toolkit as npm can install it: this checkout's git remote when it has one a runner can reach, else its folder
    // (not a version range: tei-edition is not on the registry); the next step installs it, writing the lock npm ci needs.
    const spec = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['tei-edition'] as string;
    if (spec.startsWith('file:')) {
      expect(realpathSync(resolve(dir, spec.slice(5)))).toBe(realpathSync(process.cwd()));
      expect(r.stdout).toContain(`package.json installs tei-edition from ${spec}: a folder of this machine, which a CI runner does not have`);
    } else expect(spec).toMatch(/^git\+(https?|ssh|git):\/\//);
    expect(r.stdout).toMatch(/^Next: cd herbarium-letters && npm install && npx tei-edition validate && npx tei-edition build/m);

    const v = await runCli(dir, 'validate');
    expect(v.stdout).toMatch(/✔ 2 files checked: 0 errors, 4 warnings/);
    // The template letter itself is one: published as a letter until it is made one or deleted.
    expect(v.stdout).toMatch(/^tei\/template-letter\.xml:15:9 warning template-letter This is still the template letter tei-edition init wrote/m);
    expect(v.status).toBe(0);
    // From a subfolder too: edition.json is found in the nearest parent, tei/ and dist/ are the edition's.
    const b = await runCli(join(dir, 'tei'), 'build', '--only', 'web');
    expect(b.stdout).toMatch(/^✔ built 1 document → \d+ files in \.\.\/dist\/, 4 warnings/m);
    // The build gives the settings' warnings as validate does, at their places in edition.json.
    for (const p of placeholders) expect(b.stdout).toContain(`../edition.json:${p.split(' ')[0]} warning settings-placeholder`);
    expect(b.status).toBe(0);
    const index = readFileSync(join(dir, 'dist', 'web', 'index.html'), 'utf8');
    expect(index).toContain('<title>Herbarium letters</title>');
    expect(existsSync(join(dir, 'dist', 'web', 'documents', 'template-letter.html'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'web', 'documents', 'registers.html'))).toBe(false);
    // What the build made is ignored by the edition's repository: the link dist (which a pattern "dist/" misses,
    // being no folder), the versions it points into, and the cache; only the edition's own files are left to add.
    // The versions of an output elsewhere (--out site) are ignored too (the link itself is the editor's to name).
    mkdirSync(join(dir, '.site.versions', '1'), { recursive: true });
    writeFileSync(join(dir, '.site.versions', '1', 'index.html'), '');
    expect(spawnSync('git', ['init', '-q'], { cwd: dir }).status).toBe(0);
    const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' });
    expect(status.status).toBe(0);
    expect(status.stdout.split('\n').filter(Boolean).map((l) => l.slice(3)).sort()).toEqual(['.github/workflows/edition.yml', '.gitignore', 'README.md', 'edition.json', 'package.json', 'tei/registers.xml', 'tei/template-letter.xml']);
    // cite: the register file is no document; "the edition" is what the settings say.
    const c = await runCli(join(dir, 'tei'), 'cite', '--witness', 'edition');
    expect(c.stderr).toBe('');
    // The edition's date is the year init ran (edition.json "date": CMIF requires one).
    const year = (JSON.parse(readFileSync(join(dir, 'edition.json'), 'utf8')) as { date: string }).date;
    expect(year).toMatch(/^20\d\d$/);
    expect(c.stdout).toBe(`Ada Sender to Ben Recipient, March 1, 1900, in Herbarium Letters: A Digital Edition of Letters, ed. Your Name (Your project or institution, ${year}).\n`);
    // Once the editor has put their own in, no warning is left.
    const own = readFileSync(join(dir, 'edition.json'), 'utf8').replace('Your Name', 'Ada Testwell').replace('Your project or institution', 'Northern Herbarium').replace(/"introduction": "[^"]*"/, '"introduction": "Letters of the circle."');
    writeFileSync(join(dir, 'edition.json'), own);
    expect(readSettings(join(dir, 'edition.json')).diagnostics).toEqual([]);
    expect((await runCli(dir, 'validate')).stdout).toMatch(/✔ 2 files checked: 0 errors, 1 warning\b/);
    // A letter of the editor's own in place of the template: no warning at all.
    const template = readFileSync(join(dir, 'tei', 'template-letter.xml'), 'utf8');
    writeFileSync(join(dir, 'tei', 'template-letter.xml'), template.replace('<date when="1900-03-01">1 March 1900</date></title>', '<date when="1900-03-01">1 March 1900</date> (a copy)</title>'));
    expect((await runCli(dir, 'validate')).stdout).toMatch(/✔ 2 files checked: 0 errors, 0 warnings/);
    expect((await runCli(dir, 'build', '--only', 'web')).stdout).toMatch(/^✔ built 1 document → \d+ files in dist\/ \(/);
  }, 180_000);

  it('refuses a folder with other files, and changes nothing there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-init-busy-'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await runCli(dir, 'init');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not empty \(notes\.txt\)/);
    expect(existsSync(join(dir, 'edition.json'))).toBe(false);
  });

  it('works in a fresh npm project or repository, keeping its package.json, README and .gitignore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-init-npm-'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"name":"mine"}\n');
    writeFileSync(join(dir, 'README.md'), '# Mine\n');
    const r = await runCli(dir, 'init', '--title', 'Letters "of" Mine');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('kept as they were: README.md');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}\n');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# Mine\n');
    expect(readSettings(join(dir, 'edition.json')).settings.title).toBe('Letters "of" Mine');
  });

  it('inside another edition\'s folder, says that the new edition is a separate one', async () => {
    const outer = mkdtempSync(join(tmpdir(), 'init-outer-'));
    writeFileSync(join(outer, 'edition.json'), '{"title": "Outer"}');
    const r = await runCli(outer, 'init', 'inner');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('note: this is inside the edition in . (its edition.json); the new edition is a separate one, and the commands run in inner use its own settings and tei/');
    expect((await runCli(mkdtempSync(join(tmpdir(), 'init-alone-')), 'init', 'e')).stdout).not.toContain('note: this is inside');
  });

  it('completes a .gitignore it keeps with what a build makes, and puts a title with $ patterns in as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-init-ignore-'));
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n*.log');
    const title = "Costs in $' and $& letters $1";
    const r = await runCli(dir, 'init', '--title', title);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('added to .gitignore (what a build makes): /dist .*.versions/ .cache/');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n*.log\n# What `tei-edition build` makes (added by tei-edition init).\n/dist\n.*.versions/\n.cache/\n');
    expect(readSettings(join(dir, 'edition.json')).settings.title).toBe(title);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(`# ${title}`);
    // "dist/" (folders only) does not cover the build's dist, a link; "node_modules" does cover "node_modules/".
    const slash = mkdtempSync(join(tmpdir(), 'tei-init-ignore-'));
    writeFileSync(join(slash, '.gitignore'), 'dist/\n.cache\n');
    expect((await runCli(slash, 'init')).stdout).toContain('added to .gitignore (what a build makes): node_modules/ /dist .*.versions/');
    // Nothing left to add: said of nothing.
    const again = mkdtempSync(join(tmpdir(), 'tei-init-ignore-'));
    writeFileSync(join(again, '.gitignore'), readFileSync(join(dir, '.gitignore')));
    expect((await runCli(again, 'init')).stdout).not.toContain('added to .gitignore');
  });

  it('never writes through a symbolic link: a .gitignore, README or package.json that is one is left alone, and says so', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tei-init-links-'));
    const dir = join(base, 'a');
    mkdirSync(dir);
    writeFileSync(join(base, 'outside.txt'), 'outside\n');
    symlinkSync(join(base, 'outside.txt'), join(dir, '.gitignore'));
    // Links that lead nowhere: writing the file would create it where they point.
    symlinkSync(join(base, 'readme-outside.md'), join(dir, 'README.md'));
    symlinkSync(join(base, 'package-outside.json'), join(dir, 'package.json'));
    const r = await runCli(dir, 'init');
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(base, 'outside.txt'), 'utf8')).toBe('outside\n');
    expect(existsSync(join(base, 'readme-outside.md'))).toBe(false);
    expect(existsSync(join(base, 'package-outside.json'))).toBe(false);
    for (const f of ['.gitignore', 'README.md', 'package.json']) expect(lstatSync(join(dir, f)).isSymbolicLink(), f).toBe(true);
    expect(r.stdout).toContain('left alone, being symbolic links (init never writes through a link): README.md, .gitignore, package.json');
    expect(r.stdout).toContain('.gitignore was not completed; add to it what a build makes: node_modules/ /dist .*.versions/ .cache/');
    expect(r.stdout).not.toContain('added to .gitignore');
    expect(existsSync(join(dir, 'edition.json'))).toBe(true);
  });

  it('cite gives a letter\'s citation as the build does, its names from the shared register', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-init-cite-'));
    expect((await runCli(dir, 'init')).status).toBe(0);
    const file = join(dir, 'tei', 'template-letter.xml');
    // Names written short in correspDesc (family letters), full in the register.
    writeFileSync(file, readFileSync(file, 'utf8')
      .replace(/(<correspAction type="sent">\s*<persName ref="registers\.xml#sender">)[^<]*/, '$1Ada')
      .replace(/(<correspAction type="received">\s*<persName ref="registers\.xml#recipient">)[^<]*/, '$1Ben'));
    expect((await runCli(dir, 'build', '--only', 'cite')).status).toBe(0);
    const built = JSON.parse(readFileSync(join(dir, 'dist', 'cite', 'template-letter.citations.json'), 'utf8')) as { targets: { target: string; citations: Record<string, { text: string }> }[] };
    const ms = built.targets[0]!;
    for (const style of ['mla', 'apa', 'chicago-note', 'chicago-short', 'chicago-bib']) {
      const c = await runCli(dir, 'cite', '--style', style, '--witness', ms.target);
      expect(c.stdout.trim(), style).toBe(ms.citations[style]!.text);
    }
    expect(ms.citations.mla!.text).toMatch(/^Sender, Ada\. Letter to Ben Recipient\./);
    expect(ms.citations['chicago-note']!.text).toMatch(/^Ada Sender to Ben Recipient,/);
  }, 60_000);

  it('a reader that closes the pipe (init | true) costs nothing: no EPIPE crash, the edition written', () => {
    const parent = mkdtempSync(join(tmpdir(), 'tei-init-pipe-'));
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} init piped 2>err.txt | true; echo "exit $?"; cat err.txt`], { cwd: parent, encoding: 'utf8' });
    expect(r.stdout).toBe('exit 0\n');
    expect(existsSync(join(parent, 'piped', 'edition.json'))).toBe(true);
  });

  it('--help explains what it writes, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-init-help-'));
    const r = await runCli(dir, 'init', '--help');
    expect(r.status).toBe(0);
    for (const f of ['edition.json', 'tei/template-letter.xml', 'tei/registers.xml', '.github/workflows/edition.yml', '--title']) expect(r.stdout).toContain(f);
    expect(existsSync(join(dir, 'edition.json'))).toBe(false);
  });

  it('the command it suggests next works in a folder whose name has spaces or quotes', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tei-init-space-'));
    const r = await runCli(parent, 'init', "O'Brien letters #1");
    expect(r.status).toBe(0);
    const next = /^Next: (.*?) && (?:npm install && )?npx tei-edition validate/m.exec(r.stdout)?.[1] ?? '';
    expect(next).toBe(`cd 'O'\\''Brien letters #1'`);
    // The shell takes it as one word: the folder init made.
    const pwd = spawnSync('sh', ['-c', `${next} && pwd`], { cwd: parent, encoding: 'utf8' });
    expect(pwd.stdout.trim()).toBe(join(parent, "O'Brien letters #1"));
    expect(shellWord('plain/letters-1.2')).toBe('plain/letters-1.2');
    expect(shellWord('my letters', 'win32')).toBe('"my letters"');
  });

  it('refuses a second init (edition.json and tei/ are there)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-init-twice-'));
    expect((await runCli(dir, 'init')).status).toBe(0);
    const r = await runCli(dir, 'init');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not empty \(.*edition\.json/);
  });
});
