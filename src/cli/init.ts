import type { ParseArgsConfig } from 'node:util';
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { TOOLKIT_ROOT } from '../paths.js';
import { parse, UsageError } from './main.js';
import { shellWord } from './shell-word.js';
import { findEditionRoot } from '../settings/read.js';

export const INIT_HELP = `Usage: tei-edition init [options] [dir]

Creates a new edition in dir (default: the working folder):
  edition.json                    the edition's settings (title, editors, publisher,
                                  licences, base URL, language, paper, introduction)
  tei/template-letter.xml         a short valid letter whose comments explain each part
  tei/registers.xml               the shared register of persons, places, organisations
  README.md, .gitignore           for the edition's own repository
  .github/workflows/edition.yml   GitHub Actions: validate, build, publish on Pages
  package.json                    only if there is none: tei-edition as a dependency
Then: npm install (when init wrote package.json) && npx tei-edition validate
&& npx tei-edition build

The folder must be empty, or hold only what an npm project or a fresh
repository has (.git, package.json, package-lock.json, node_modules, a README
or LICENSE, .gitignore); nothing that exists is ever overwritten.

Options:
  --title TEXT   the edition's title (default: the folder's name)
  -h, --help     show this help
`;

/** Template files (under templates/init/) and where they go. npm leaves .gitignore and dot-folders out of packages, so they ship without the dot. */
const FILES: [from: string, to: string][] = [
  ['edition.json', 'edition.json'],
  ['tei/template-letter.xml', 'tei/template-letter.xml'],
  ['tei/registers.xml', 'tei/registers.xml'],
  ['README.md', 'README.md'],
  ['gitignore', '.gitignore'],
  ['github/workflows/edition.yml', '.github/workflows/edition.yml'],
];

/** What may already be in the folder: a fresh repository or npm project. Files of ours among them are kept, not overwritten. */
const HARMLESS = /^(\.git|\.gitignore|\.gitattributes|package\.json|package-lock\.json|node_modules|README(\..*)?|LICEN[CS]E(\..*)?|\.DS_Store)$/i;

/** The command's options (tests/cli-help.test.ts: each is in its help). */
export const INIT_OPTIONS = { title: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const satisfies ParseArgsConfig['options'];

export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, INIT_OPTIONS);
  if (values.help) {
    process.stdout.write(INIT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`init takes one folder, not ${positionals.length}`);
  const dir = resolve(positionals[0] ?? '.');
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${positionals[0]} is a file, not a folder`);
  const present = existsSync(dir) ? readdirSync(dir) : [];
  const unsafe = present.filter((name) => !HARMLESS.test(name));
  if (unsafe.length) {
    throw new UsageError(`${relative(process.cwd(), dir) || '.'} is not empty (${unsafe.slice(0, 5).join(', ')}${unsafe.length > 5 ? ', …' : ''}): init writes a new edition only into an empty folder (or a fresh repository or npm project), so that nothing of yours is overwritten`);
  }
  const title = (values.title as string | undefined)?.trim() || titleFromFolder(dir);
  const written: string[] = [];
  const kept: string[] = [];
  // A symbolic link among them (even one that leads nowhere) is kept as it is: init never writes through a link,
  // which could lead out of the folder (.gitignore -> /somewhere/else).
  const links: string[] = [];
  for (const [from, to] of FILES) {
    const target = join(dir, to);
    const there = entryAt(target);
    if (there) {
      kept.push(to);
      if (there.isSymbolicLink()) links.push(to);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const text = readFileSync(join(TOOLKIT_ROOT, 'templates', 'init', from), 'utf8');
    // A function, not a string, as the replacement: a title with "$'" or "$&" is put in as written.
    // edition.json's date: the year the edition began (CMIF requires a date; the editor updates it on publishing).
    // 'wx': a new file only (O_EXCL, which a link, even a dangling one, fails).
    writeFileSync(target, to === 'edition.json' ? text.replace('{{title}}', () => jsonString(title)).replace('{{year}}', String(new Date().getUTCFullYear())) : text.replaceAll('{{title}}', () => title), { flag: 'wx' });
    written.push(to);
  }
  const gitignore = kept.includes('.gitignore') ? entryAt(join(dir, '.gitignore')) : undefined;
  const ignored = gitignore?.isFile() ? completeGitignore(join(dir, '.gitignore')) : [];
  let dependency: ToolkitDependency | undefined;
  const pkg = entryAt(join(dir, 'package.json'));
  if (pkg?.isSymbolicLink()) links.push('package.json');
  if (!pkg) {
    dependency = toolkitDependency(dir);
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(packageJson(dir, dependency.spec), null, 2)}\n`, { flag: 'wx' });
    written.push('package.json');
  }
  const rel = relative(process.cwd(), dir) || '.';
  const where = rel.startsWith('..') ? dir : rel;
  process.stdout.write(`✔ created an edition in ${where}/: ${written.join(', ')}\n`);
  if (kept.length) process.stdout.write(`  kept as they were: ${kept.join(', ')}\n`);
  // Inside another edition's folder: a second edition of its own, whose commands run from here read this one's settings.
  const outer = findEditionRoot(dirname(dir));
  if (outer) process.stdout.write(`  note: this is inside the edition in ${relative(process.cwd(), outer) || '.'} (its edition.json); the new edition is a separate one, and the commands run in ${where} use its own settings and tei/\n`);
  if (links.length) process.stdout.write(`  left alone, being symbolic links (init never writes through a link): ${links.join(', ')}\n`);
  if (gitignore && !gitignore.isFile()) process.stdout.write(`  .gitignore was not completed; add to it what a build makes: ${gitignoreLines().join(' ')}\n`);
  if (ignored.length) process.stdout.write(`  added to .gitignore (what a build makes): ${ignored.join(' ')}\n`);
  if (dependency) process.stdout.write(`  package.json installs tei-edition from ${dependency.spec}${dependency.note ? `: ${dependency.note}` : ''}\n`);
  // npm install first when init wrote package.json: it installs the toolkit and writes the package-lock.json the workflow's npm ci needs.
  process.stdout.write(`Next: ${where === '.' ? '' : `cd ${shellWord(where)} && `}${dependency ? 'npm install && ' : ''}npx tei-edition validate && npx tei-edition build, then open dist/web/index.html\n`);
  return 0;
}

/** The folder entry at `path` itself (a link not followed), or undefined when there is none. */
function entryAt(path: string): ReturnType<typeof lstatSync> | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

/** The lines of templates/init/gitignore: what a build makes. */
function gitignoreLines(): string[] {
  return readFileSync(join(TOOLKIT_ROOT, 'templates', 'init', 'gitignore'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
}

/** The lines of templates/init/gitignore an existing .gitignore lacks, appended to it; what was added. */
function completeGitignore(path: string): string[] {
  const have = readFileSync(path, 'utf8');
  // "dist" and "/dist" are taken for the same line (near enough at the top), but "dist/" matches folders only, and the
  // build's dist is a link: a wanted line without the trailing slash is covered only by a line without one.
  const lines = new Set(have.split(/\r?\n/).map((l) => l.trim().replace(/^\//, '')));
  const covered = (l: string): boolean => {
    const bare = l.replace(/^\//, '');
    return lines.has(bare) || (bare.endsWith('/') && lines.has(bare.slice(0, -1)));
  };
  const wanted = gitignoreLines();
  const missing = wanted.filter((l) => !covered(l));
  if (missing.length) {
    // Appended, and never through a link (O_NOFOLLOW: one put there since it was looked at is refused).
    const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
    try {
      writeFileSync(fd, `${have === '' || have.endsWith('\n') ? '' : '\n'}# What \`tei-edition build\` makes (added by tei-edition init).\n${missing.join('\n')}\n`);
    } finally {
      closeSync(fd);
    }
  }
  return missing;
}

interface ToolkitDependency {
  /** package.json's version spec of tei-edition. */
  spec: string;
  /** What the editor should know about it. */
  note?: string;
}

/**
 * Where the edition installs the toolkit from: the git URL of the toolkit's
 * own repository when it is a checkout with a remote a CI runner can reach,
 * else the folder it runs from (a file: path, which only this machine has).
 * Not a version range: tei-edition is not on the npm registry, so "^0.1.0"
 * named a package npm install cannot find (E404).
 */
function toolkitDependency(dir: string): ToolkitDependency {
  const remote = existsSync(join(TOOLKIT_ROOT, '.git')) ? spawnSync('git', ['-C', TOOLKIT_ROOT, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).stdout?.trim() : '';
  const url = remote ? gitDependencyUrl(remote) : undefined;
  if (url) return { spec: url };
  const path = relative(dir, TOOLKIT_ROOT).split(sep).join('/') || '.';
  return {
    spec: `file:${path.startsWith('.') ? path : `./${path}`}`,
    note: 'a folder of this machine, which a CI runner does not have; before you push, replace it with the git URL of the toolkit\'s repository (npm install git+https://…)',
  };
}

/** A remote npm can install from (git+https://…, git+ssh://…), or undefined for a local path. */
function gitDependencyUrl(remote: string): string | undefined {
  if (/^(https?|ssh|git):\/\//.test(remote)) return `git+${remote}`;
  const scp = /^([\w.-]+@[\w.-]+):(.+)$/.exec(remote);
  return scp ? `git+ssh://${scp[1]}/${scp[2]}` : undefined;
}

function titleFromFolder(dir: string): string {
  const name = basename(dir).replace(/[-_]+/g, ' ').trim();
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : 'An edition of letters';
}

/** A JSON string's content (the template has the quotes). */
function jsonString(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function packageJson(dir: string, spec: string): Record<string, unknown> {
  return {
    name: basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'edition',
    private: true,
    description: 'A TEI edition of letters, built with tei-edition',
    scripts: { validate: 'tei-edition validate', build: 'tei-edition build' },
    dependencies: { 'tei-edition': spec },
  };
}
