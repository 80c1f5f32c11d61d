import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The repository's tei/ is the user's edition, not a fixture: adding,
 * removing or editing letters there must not fail `npm test`. Only
 * tests/edition-letter.test.ts reads it (the edition letter's own tests);
 * every other test uses the copies in tests/fixtures/. This test finds any
 * other test that names the repository's tei/ folder. The dynamic proof
 * (the suite run on a copy of the repository with a second letter added
 * and the first one edited) is scripts/tests-without-tei.mjs.
 */
const OWN = 'tests/edition-letter.test.ts';

function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' || name === 'golden' || name === 'artifacts' ? [] : testSources(p);
    return /\.(ts|mjs|js)$/.test(name) ? [p] : [];
  });
}

/** Ways a test can name the repository's tei/: a path starting at tei/, or tei joined to the repository root or the working folder. */
const NAMES_REPO_TEI = [
  /=\s*['"`]tei\//, // const LETTER = 'tei/…' (relative to the repository, the tests' working folder)
  /\b(validatePaths|readFileSync|cpSync|readdirSync|existsSync|statSync|loadFile)\(\s*\[?\s*['"`]tei(\/|['"`])/, // readFileSync('tei/…'), validatePaths(['tei'])
  /(join|resolve)\(\s*(root|repoRoot|process\.cwd\(\))\s*,\s*['"`]tei['"`]/, // join(root, 'tei', …)
];

describe('the test suite never reads the repository’s tei/', () => {
  it(`no test but ${OWN} names it`, () => {
    const offenders: string[] = [];
    for (const file of testSources('tests')) {
      const rel = relative('.', file).replaceAll('\\', '/');
      if (rel === OWN || rel === 'tests/tests-ignore-tei.test.ts') continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (NAMES_REPO_TEI.some((re) => re.test(line))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
  it('the patterns catch the forms that used to be there (the check can fail)', () => {
    const samples = [
      "const LETTER = 'tei/eisenhower-bulganin-1956-11-04.xml';",
      "const r = await validatePaths(['tei']);",
      "const teiDir = join(repoRoot, 'tei');",
      "const LETTER = join(root, 'tei', 'x.xml');",
      'cpSync(`tei/${LETTER_ID}.xml`, dest);',
    ];
    for (const s of samples) expect(NAMES_REPO_TEI.some((re) => re.test(s)), s).toBe(true);
    for (const s of ["join(project, 'tei')", "join(dir, 'tei', 'drafts')", "'tests/fixtures/letter/tei/x.xml'", "for (const f of ['edition.json', 'tei/template-letter.xml'])", "['tei', 'out-contains-inputs'],", "const rules = (out: string, inputs = ['tei']) => 1;"]) expect(NAMES_REPO_TEI.some((re) => re.test(s)), s).toBe(false);
  });
});
