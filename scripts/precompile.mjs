// Compiles the toolkit's stylesheets and the edition's Schematron rules to
// SEF once, at install time (npm's prepare script), so that the first
// `tei-edition` command does not pay for it. Later changes to a stylesheet
// are picked up by the cache key; nothing here is required for correctness.
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadSef } = await import(join(root, 'lib/xslt/sef.js'));
const { loadSchematronFile } = await import(join(root, 'lib/validate/schematron/run.js'));
const t = performance.now();
const sheets = readdirSync(join(root, 'xslt')).filter((f) => f.endsWith('.xsl'));
let failed = 0;
const attempt = async (name, fn) => {
  try {
    await fn();
  } catch (e) {
    failed++;
    // Not fatal: the command that needs it will report the error with its position.
    console.warn(`precompile: ${name}: ${e.message}`);
  }
};
for (const f of sheets) await attempt(f, () => loadSef(join(root, 'xslt', f)));
await attempt('edition.sch', () => loadSchematronFile(join(root, 'schemas', 'edition.sch')));
console.log(`precompiled ${sheets.length - failed} stylesheets and the edition's rules (${Math.round(performance.now() - t)} ms)`);
