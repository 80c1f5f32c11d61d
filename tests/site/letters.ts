import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { runCli } from '../cli.js';

/**
 * A small generated edition of invented letters for the site's tests:
 * varied correspondents, years and places, each letter with its own copy of
 * the register entries it names (the same ids across letters, so the
 * register, correspondent and search pages join them). Deterministic: the
 * same n gives the same files. Not historical documents.
 */

interface Person { id: string; forename: string; surname: string }
interface Place { id: string; name: string }

export const PERSONS: Person[] = [
  { id: 'ada', forename: 'Ada', surname: 'Ashworth' },
  { id: 'bruno', forename: 'Bruno', surname: 'Barrow' },
  { id: 'celia', forename: 'Célia', surname: 'Caron' },
  { id: 'dmitri', forename: 'Dmitri', surname: 'Dolin' },
  { id: 'emil', forename: 'Emil', surname: 'Åberg' },
];
export const PLACES: Place[] = [
  { id: 'leeds', name: 'Leeds' },
  { id: 'lyon', name: 'Lyon' },
  { id: 'odessa', name: 'Odessa' },
  { id: 'uppsala', name: 'Uppsala' },
];
const WORDS = ['harvest', 'railway', 'printing', 'weather', 'lecture', 'manuscript', 'garden', 'winter', 'museum', 'telegram', 'bridge', 'orchestra', 'library', 'voyage', 'quarrel', 'apology'];

export interface LetterSpec { id: string; date: string; from: Person; to: Person; place: Place; mentioned: Person; topic: string }

/** The i-th letter of a generated edition (0-based). */
export function letterSpec(i: number): LetterSpec {
  const from = PERSONS[i % PERSONS.length] as Person;
  // Never the sender: an offset of 1 to n-1 around the circle of persons.
  const to = PERSONS[(i + 1 + ((i * 3) % (PERSONS.length - 1))) % PERSONS.length] as Person;
  const year = 1890 + ((i * 7) % 4);
  const month = 1 + ((i * 5) % 12);
  const day = 1 + ((i * 11) % 28);
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const mentioned = PERSONS[(i + 2) % PERSONS.length] as Person;
  return { id: `letter-${String(i + 1).padStart(4, '0')}`, date, from, to, place: PLACES[(i + (i >> 2)) % PLACES.length] as Place, mentioned, topic: WORDS[i % WORDS.length] as string };
}

const full = (p: Person) => `${p.forename} ${p.surname}`;

export function letterXml(s: LetterSpec, paragraphs = 2): string {
  const persons = [...new Map([s.from, s.to, s.mentioned].map((p) => [p.id, p])).values()];
  const body: string[] = [
    `<p>I write to you from <placeName ref="#${s.place.id}">${s.place.name}</placeName> about the ${s.topic}. <persName ref="#${s.mentioned.id}">${full(s.mentioned)}</persName> sends greetings.</p>`,
  ];
  for (let k = 1; k < paragraphs; k++) {
    const w = WORDS[(k * 5 + s.topic.length) % WORDS.length];
    body.push(`<p>Of the ${w} there is little to say${k % 2 ? `, except that <persName ref="#${s.to.id}">you</persName> were right` : ''}; the ${WORDS[(k * 3) % WORDS.length]} waits for spring.</p>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="${s.id}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">${full(s.from)} to ${full(s.to)}, on the ${s.topic}</title>
        <author ref="#${s.from.id}">${full(s.from)}</author>
        <respStmt xml:id="ed"><resp>encoding</resp><persName>Test Editor</persName></respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>Site test edition</publisher>
        <date when="2026">2026</date>
        <idno type="edition">${s.id}</idno>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
      </publicationStmt>
      <sourceDesc>
        <listWit>
          <witness xml:id="MS" ana="#copy-text"><bibl><title level="u">Autograph letter</title></bibl><note>The letter as sent.</note></witness>
        </listWit>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <projectDesc><p>An invented edition for the toolkit's tests.</p></projectDesc>
      <classDecl>
        <taxonomy xml:id="witness-roles">
          <category xml:id="copy-text"><catDesc>Copy text</catDesc></category>
        </taxonomy>
      </classDecl>
    </encodingDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent"><persName ref="#${s.from.id}">${full(s.from)}</persName><placeName ref="#${s.place.id}">${s.place.name}</placeName><date when="${s.date}"/></correspAction>
        <correspAction type="received"><persName ref="#${s.to.id}">${full(s.to)}</persName><date when="${s.date}"/></correspAction>
      </correspDesc>
    </profileDesc>
  </teiHeader>
  <standOff>
    <listPerson>
${persons.map((p) => `      <person xml:id="${p.id}"><persName><forename>${p.forename}</forename> <surname>${p.surname}</surname></persName></person>`).join('\n')}
    </listPerson>
    <listPlace>
      <place xml:id="${s.place.id}"><placeName>${s.place.name}</placeName></place>
    </listPlace>
  </standOff>
  <text>
    <body>
      <div type="letter">
        <opener><salute>Dear <persName ref="#${s.to.id}">${s.to.forename}</persName>,</salute></opener>
        ${body.join('\n        ')}
        <closer><signed><persName ref="#${s.from.id}">${s.from.forename}</persName></signed></closer>
      </div>
    </body>
  </text>
</TEI>
`;
}

/** Writes n letters into dir (created) and returns their file paths. */
export function writeLetters(dir: string, n: number, paragraphs = 2): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const s = letterSpec(i);
    const file = join(dir, `${s.id}.xml`);
    writeFileSync(file, letterXml(s, paragraphs));
    return file;
  });
}

/** A project folder with n generated letters and an edition.json: `dir`, or a new temporary folder. */
export function fixtureSiteProject(n: number, dir = mkdtempSync(join(tmpdir(), 'site-'))): string {
  writeLetters(join(dir, 'tei'), n);
  writeFileSync(join(dir, 'edition.json'), JSON.stringify({ title: 'Letters of the Test Circle', introduction: 'Invented letters for the tests of the toolkit.' }));
  return dir;
}

/** The same, built by the command line run in this process (tests/cli.ts). */
export async function buildFixtureSiteHere(n: number, extraArgs: string[] = ['--only', 'web']): Promise<string> {
  const dir = fixtureSiteProject(n);
  const r = await runCli(dir, 'build', ...extraArgs);
  if (r.status !== 0) throw new Error(`build failed (${r.status}): ${r.stdout}${r.stderr}`);
  return dir;
}

/** A project folder with n generated letters and an edition.json, built (web only by default) by a spawned command (with `env` added to the environment); returns the folder. */
export function buildFixtureSite(n: number, extraArgs: string[] = ['--only', 'web'], env: Record<string, string> = {}): string {
  const dir = fixtureSiteProject(n);
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/tei-edition.js'), 'build', ...extraArgs], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`build failed (${r.status}): ${r.stdout}${r.stderr}`);
  return dir;
}
