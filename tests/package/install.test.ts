import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

/**
 * The toolkit as an editor uses it: a dependency of an edition in its own
 * folder, nowhere near the toolkit's repository. The package is packed as
 * it would be published (npm pack: only the files package.json lists),
 * installed into a new folder from that tarball (npm's cache holds the
 * dependencies, so no network is needed), and run from there: init,
 * validate, build.
 *
 * Not part of `npm test`: `npm run test:package` (.ci/run runs both). It
 * runs npm itself, and the installed copy compiles every stylesheet and
 * the rules anew (its SEF cache is keyed by its own path), about a minute
 * of CPU, as much as half the rest of the suite.
 */
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (cwd: string, cmd: string, ...args: string[]) => spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

describe('installed from a packed tarball into an edition of its own', () => {
  it('npm pack; npm install <tarball>; npx tei-edition init, validate, build', () => {
    const work = mkdtempSync(join(tmpdir(), 'tei-pack-'));
    // lib/ is compiled by `npm test` before the tests run; pack it as it is.
    const pack = run(process.cwd(), npm, 'pack', '--ignore-scripts', '--json', '--pack-destination', work);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const shipped = info!.files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(['bin/tei-edition.js', 'lib/cli/main.js', 'schemas/edition.rng', 'schemas/edition.schema.json', 'templates/init/gitignore', 'templates/init/github/workflows/edition.yml', 'assets/edition.css']));
    expect(shipped.filter((p) => /^(tests|tei|src)\//.test(p))).toEqual([]);

    const edition = join(work, 'my-edition');
    mkdirSync(edition);
    writeFileSync(join(edition, 'package.json'), '{ "name": "my-edition", "private": true }\n');
    const install = run(edition, npm, 'install', '--prefer-offline', '--no-audit', '--no-fund', join(work, info!.filename));
    expect(install.status, install.stderr).toBe(0);
    const bin = join(edition, 'node_modules', '.bin', 'tei-edition');
    expect(existsSync(bin)).toBe(true);

    const init = run(edition, bin, 'init');
    expect(init.status, init.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(edition, 'package.json'), 'utf8')).dependencies).toHaveProperty('tei-edition');
    // The $schema of the scaffolded settings resolves in the installed package (editors' completion).
    const schemaRef = (JSON.parse(readFileSync(join(edition, 'edition.json'), 'utf8')) as { $schema: string }).$schema;
    expect(existsSync(join(edition, schemaRef))).toBe(true);

    const validate = run(edition, bin, 'validate');
    // The three placeholders of init's edition.json (editor, publisher, introduction) and the template letter are warnings; nothing else.
    expect(validate.stdout).toMatch(/0 errors, 4 warnings/);
    expect(validate.stdout.match(/ warning settings-placeholder /g)).toHaveLength(3);
    expect(validate.stdout.match(/ warning template-letter /g)).toHaveLength(1);
    expect(validate.status).toBe(0);
    // As the editor types it: npx finds the edition's own installed toolkit.
    const build = run(edition, npx, '--no-install', 'tei-edition', 'build');
    expect(build.stdout, build.stderr).toMatch(/^✔ built 1 document → \d+ files in dist\/, 4 warnings/m);
    expect(build.stdout.match(/ warning settings-placeholder /g)).toHaveLength(3);
    expect(build.status).toBe(0);
    for (const f of ['web/index.html', 'web/documents/template-letter.html', 'print/template-letter.pdf', 'data/cmif.xml']) expect(existsSync(join(edition, 'dist', f)), f).toBe(true);
  }, 600_000);
});
