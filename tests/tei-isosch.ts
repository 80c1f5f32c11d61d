/**
 * TEI's own Schematron (../shared/schemas/tei_all.isosch, 112 patterns) as
 * the oracle of tests/tei-oracle.test.ts and tests/schematron.test.ts,
 * without the patterns that cannot fire on the documents those tests
 * check. Compiling all 112 costs about 7 s of CPU on every clean checkout
 * (the SEF cache is empty there); the ~30 patterns that can fire, about 2 s.
 *
 * A pattern is left out only when every rule of it has a context whose
 * every branch (`a | b`) ends in a step that names a TEI element (`tei:p`,
 * `tei:facsimile//tei:zone`, `tei:param[...]`, or `tei:rt/@to`, an
 * attribute of a named element) that no document in DOCUMENTS has in a
 * start tag. Such a rule matches no node of those documents, so it can
 * report nothing on them, and the first-rule order of its pattern changes
 * nothing either. Anything else (`tei:*[@when]`, parentheses, other axes)
 * is kept. The other patterns are copied unchanged, so a finding is the
 * one tei_all.isosch gives (same pattern id, message, role).
 *
 * The narrowed schema is written under .cache/tests/ by the hash of its
 * text, at a path that stays the same between runs: the toolkit's SEF cache
 * (.cache/sef/, keyed by the text and the path) compiles it once for both
 * tests and keeps it until it changes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TEI_ISOSCH = resolve(root, '../shared/schemas/tei_all.isosch');
export const haveTeiIsosch = existsSync(TEI_ISOSCH);

const xmlIn = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => join(root, dir, f));

/** Every document the two tests check with TEI's rules (or edit: their element names are those of these). */
export const DOCUMENTS = [...xmlIn('tests/fixtures/letter/tei'), ...xmlIn('tests/fixtures/edition/tei'), ...xmlIn('tests/fixtures/valid'), join(root, 'tests/fixtures/schematron/tei-valid.xml'), join(root, 'tests/fixtures/schematron/tei-datable.xml')];

/** The local names in the start tags of a text (a superset of its elements: a comment's or CDATA's tags count too). */
export function startTagNames(text: string): Set<string> {
  return new Set([...text.matchAll(/<(?:[\w.-]+:)?([\w.-]+)/g)].map((m) => m[1] as string));
}

/** The TEI elements a rule context can match, or undefined when it is not only named TEI elements (kept). */
export function contextElements(context: string): string[] | undefined {
  let depth = 0;
  let bare = '';
  for (const ch of context) {
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (depth === 0) bare += ch;
  }
  const names: string[] = [];
  for (const branch of bare.split('|')) {
    const steps = branch.trim().split(/\/\/?/).map((s) => s.trim());
    let last = steps.at(-1) ?? '';
    if (last.startsWith('@')) last = steps.at(-2) ?? '';
    const m = /^tei:([A-Za-z_][\w.-]*)$/.exec(last);
    if (!m) return undefined;
    names.push(m[1] as string);
  }
  return names;
}

const unescape = (s: string): string => s.replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** tei_all.isosch without the patterns none of whose rules can match an element named in `names`. */
export function narrowIsosch(schema: string, names: Set<string>): { text: string; kept: number; left: number } {
  let kept = 0;
  let left = 0;
  const text = schema.replace(/<pattern\b[^>]*>[\s\S]*?<\/pattern>\s*/g, (pattern) => {
    const contexts = [...pattern.matchAll(/<rule\b[^>]*\bcontext="([^"]*)"/g)].map((m) => unescape(m[1] as string));
    const rules = (pattern.match(/<rule\b/g) ?? []).length;
    const canFire = rules !== contexts.length || contexts.some((c) => contextElements(c)?.some((n) => names.has(n)) ?? true);
    if (canFire) kept++;
    else left++;
    return canFire ? pattern : '';
  });
  return { text, kept, left };
}

let path: string | undefined;
/** The path of the narrowed tei_all.isosch for DOCUMENTS (written once per content). */
export function teiIsosch(): string {
  if (path) return path;
  const names = new Set(DOCUMENTS.flatMap((f) => [...startTagNames(readFileSync(f, 'utf8'))]));
  const { text } = narrowIsosch(readFileSync(TEI_ISOSCH, 'utf8'), names);
  const file = join(root, '.cache', 'tests', 'tei-isosch', `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.isosch`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // Whole or not at all: the other test worker may read it at the same moment.
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, file);
  }
  return (path = file);
}
