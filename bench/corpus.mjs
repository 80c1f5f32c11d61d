// A seeded generator of realistic letter editions, for the corpus benchmark
// (`npm run bench -- --corpus N`) and the incremental-build tests. Every
// letter is valid against schemas/edition.rng and edition.sch; names point
// into one shared register file (registers.xml#id). Same seed, same bytes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lib = (path) => import(join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', path));

/** mulberry32: a small, fast, seeded PRNG (deterministic across platforms); the fuzz tests draw their mutants from it too. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FORENAMES = ['Anna', 'Johann', 'Marie', 'Friedrich', 'Clara', 'Wilhelm', 'Sophie', 'Carl', 'Louise', 'Heinrich', 'Emma', 'August', 'Charlotte', 'Georg', 'Bettina', 'Ludwig', 'Henriette', 'Ernst', 'Dorothea', 'Max', 'Amalie', 'Otto', 'Rahel', 'Felix', 'Fanny', 'Robert', 'Ida', 'Paul', 'Lili', 'Hermann'];
const SURNAMES = ['Arnim', 'Brentano', 'Schlegel', 'Humboldt', 'Varnhagen', 'Grimm', 'Tieck', 'Mendelssohn', 'Schumann', 'Herz', 'Levin', 'Savigny', 'Creuzer', 'Görres', 'Eichendorff', 'Chamisso', 'Fouqué', 'Kleist', 'Hoffmann', 'Jacobi', 'Reimer', 'Zelter', 'Bettkober', 'Wieland', 'Voss'];
const OCCUPATIONS = ['writer', 'publisher', 'composer', 'philologist', 'jurist', 'painter', 'salon hostess', 'physician', 'bookseller', 'translator'];
const PLACES = ['Berlin', 'Weimar', 'Heidelberg', 'Frankfurt am Main', 'Leipzig', 'Dresden', 'Jena', 'Kassel', 'Göttingen', 'Munich', 'Vienna', 'Prague', 'Paris', 'London', 'Rome', 'Hamburg', 'Bonn', 'Cologne', 'Marburg', 'Wiepersdorf', 'Landshut', 'Halle', 'Breslau', 'Königsberg', 'Karlsbad', 'Teplitz', 'Stuttgart', 'Tübingen', 'Zurich', 'Basel', 'Strasbourg', 'Mannheim', 'Darmstadt', 'Würzburg', 'Nuremberg', 'Bamberg', 'Erfurt', 'Gotha', 'Potsdam', 'Stettin'];
const ORGS = ['Prussian Academy of Sciences', 'University of Berlin', 'Singakademie zu Berlin', 'Reimer publishing house', 'Cotta publishing house', 'Berlin Royal Library', 'Heidelberg University', 'Göttingen Society of Sciences', 'Weimar court theatre', 'Leipzig Gewandhaus', 'Frankfurt Senate', 'Prussian Ministry of Culture'];
const WORDS = 'the of and to a in that it is was for with as his her on be at by this had not are but from or have an they which one you were all we when there can been has more if will no would so what out up about who into them only time some could than other then now its over also after first two new work may any these such well even most made back how great where much before through our long being good should between here own never under last while might each same another day life world part state over letter book news journey winter summer friend health weather manuscript proofs edition publisher brother sister mother father children house garden evening morning week month visit concert lecture review poem novel song'.split(' ');

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pad = (n, w) => String(n).padStart(w, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The register of the whole edition: persons, places, organisations. */
function makeRegister(rand) {
  const persons = [];
  const used = new Set();
  while (persons.length < 60) {
    const f = FORENAMES[Math.floor(rand() * FORENAMES.length)];
    const s = SURNAMES[Math.floor(rand() * SURNAMES.length)];
    if (used.has(`${f} ${s}`)) continue;
    used.add(`${f} ${s}`);
    const birth = 1740 + Math.floor(rand() * 60);
    persons.push({ id: `psn${pad(persons.length + 1, 3)}`, forename: f, surname: s, name: `${f} ${s}`, birth, death: birth + 40 + Math.floor(rand() * 45), occupation: OCCUPATIONS[Math.floor(rand() * OCCUPATIONS.length)], wikidata: rand() < 0.6 ? `Q${100000 + persons.length * 7919}` : undefined });
  }
  const places = PLACES.map((name, i) => ({ id: `plc${pad(i + 1, 3)}`, name, wikidata: `Q${200000 + i * 104729}` }));
  const orgs = ORGS.map((name, i) => ({ id: `org${pad(i + 1, 3)}`, name }));
  return { persons, places, orgs };
}

function registerFile(reg, more = 0) {
  const persons = reg.persons.map((p) => `      <person xml:id="${p.id}">
        <persName><forename>${xml(p.forename)}</forename> <surname>${xml(p.surname)}</surname></persName>
        <birth when="${p.birth}">${p.birth}</birth>
        <death when="${p.death}">${p.death}</death>
        <occupation>${p.occupation}</occupation>${p.wikidata ? `\n        <idno type="wikidata">https://www.wikidata.org/entity/${p.wikidata}</idno>` : ''}
      </person>`).join('\n') + Array.from({ length: more }, (_, i) => `
      <person xml:id="extra${pad(i + 1, 5)}">
        <persName><forename>${FORENAMES[i % FORENAMES.length]}</forename> <surname>${SURNAMES[(i * 7) % SURNAMES.length]}</surname> (${i + 1})</persName>
        <occupation>${OCCUPATIONS[i % OCCUPATIONS.length]}</occupation>
      </person>`).join('');
  const places = reg.places.map((p) => `      <place xml:id="${p.id}">
        <placeName>${xml(p.name)}</placeName>
        <idno type="wikidata">https://www.wikidata.org/entity/${p.wikidata}</idno>
      </place>`).join('\n');
  const orgs = reg.orgs.map((o) => `      <org xml:id="${o.id}">
        <orgName>${xml(o.name)}</orgName>
      </org>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="registers" type="registers" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">Registers of the benchmark edition</title>
      </titleStmt>
      <publicationStmt>
        <publisher>Benchmark edition</publisher>
        <idno type="edition">registers</idno>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
      </publicationStmt>
      <sourceDesc><p>Generated for the corpus benchmark; not a historical source.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <standOff>
    <listPerson>
${persons}
    </listPerson>
    <listPlace>
${places}
    </listPlace>
    <listOrg>
${orgs}
    </listOrg>
  </standOff>
</TEI>
`;
}

function isoDate(y, m, d) {
  return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
}

function letterFile(rand, reg, i, correspondents) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  // A few correspondents write most letters (as in real editions).
  const zipf = (xs) => xs[Math.min(xs.length - 1, Math.floor(Math.pow(rand(), 2.2) * xs.length))];
  const sender = zipf(correspondents);
  let recipient = zipf(correspondents);
  while (recipient === sender) recipient = pick(correspondents);
  const from = pick(reg.places);
  const to = pick(reg.places);
  const y = 1790 + Math.floor(rand() * 60);
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  const kind = rand();
  // Dates: a day (most), a month only, or a range when the day is uncertain.
  const sent = kind < 0.75 ? { attrs: `when="${isoDate(y, m, d)}"`, text: `${d} ${MONTHS[m - 1]} ${y}`, iso: isoDate(y, m, d) }
    : kind < 0.88 ? { attrs: `when="${y}-${pad(m, 2)}"`, text: `${MONTHS[m - 1]} ${y}`, iso: `${y}-${pad(m, 2)}` }
      : { attrs: `notBefore="${isoDate(y, m, Math.max(1, d - 5))}" notAfter="${isoDate(y, m, d)}"`, text: `early ${MONTHS[m - 1]} ${y}`, iso: isoDate(y, m, Math.max(1, d - 5)) };
  // Received a few days to weeks later: a day, or a range when only the post's days are known.
  const later = (days) => new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  const lag = 2 + Math.floor(rand() * 20);
  const received = rand() < 0.5 ? `<date when="${later(lag)}"/>` : `<date notBefore="${later(lag)}" notAfter="${later(lag + 1 + Math.floor(rand() * 6))}"/>`;
  const id = `letter-${pad(i + 1, 5)}`;
  const name = (p) => `<persName ref="registers.xml#${p.id}">${xml(p.name)}</persName>`;
  // Lengths vary from a short note to a long letter (2–14 paragraphs).
  const paragraphs = 2 + Math.floor(Math.pow(rand(), 1.5) * 13);
  let noteNo = 0;
  const ps = [];
  for (let k = 0; k < paragraphs; k++) {
    const sentences = [];
    const nSentences = 2 + Math.floor(rand() * 6);
    for (let s = 0; s < nSentences; s++) {
      const words = [];
      const nWords = 6 + Math.floor(rand() * 18);
      for (let w = 0; w < nWords; w++) {
        const r = rand();
        if (r < 0.04) words.push(name(pick(reg.persons)));
        else if (r < 0.06) words.push(`<placeName ref="registers.xml#${pick(reg.places).id}">${xml(pick(reg.places).name)}</placeName>`.replace(/#plc\d+">([^<]*)/, (all) => all));
        else if (r < 0.07) words.push(`<orgName ref="registers.xml#${pick(reg.orgs).id}">${xml(pick(reg.orgs).name)}</orgName>`);
        else if (r < 0.075) words.push(`<date when="${isoDate(y, m, 1 + Math.floor(rand() * 28))}">that day</date>`);
        else words.push(pick(WORDS));
      }
      let sentence = words.join(' ');
      sentence = sentence.charAt(0).toUpperCase() + sentence.slice(1);
      sentences.push(`${sentence}.`);
    }
    let body = sentences.join(' ');
    if (rand() < 0.3) {
      noteNo++;
      body += `<note type="editorial" resp="#ed" xml:id="n${noteNo}" n="${noteNo}" place="foot">On ${name(pick(reg.persons))} see the register; the ${pick(WORDS)} is mentioned again in a later letter.</note>`;
    }
    ps.push(`        <p xml:id="p${k + 1}">${body}</p>`);
  }
  // Keep placeName text consistent with its target.
  const fixed = ps.join('\n').replace(/<placeName ref="registers.xml#(plc\d+)">[^<]*<\/placeName>/g, (_, pid) => `<placeName ref="registers.xml#${pid}">${xml(reg.places.find((p) => p.id === pid).name)}</placeName>`);
  const printed = rand() < 0.4;
  return { id, iso: sent.iso, text: `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="${id}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">${xml(sender.name)} to ${xml(recipient.name)}, ${xml(sent.text)}</title>
        <author ref="registers.xml#${sender.id}">${xml(sender.name)}</author>
        <respStmt xml:id="ed"><resp>encoding</resp><persName>Benchmark editors</persName></respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>Benchmark edition</publisher>
        <date when="2026">2026</date>
        <idno type="edition">${id}</idno>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
      </publicationStmt>
      <sourceDesc>
        <listWit>
          <witness xml:id="MS" ana="#copy-text">
            <bibl><title level="u">Autograph letter</title>, <idno type="shelfmark">Nachlass ${xml(sender.surname)} ${1 + Math.floor(rand() * 400)}</idno></bibl>
            <note>Transcribed from the autograph.</note>
          </witness>${printed ? `
          <witness xml:id="ED">
            <bibl><title level="m">Collected letters of ${xml(sender.name)}</title>, vol. <biblScope unit="volume">${1 + Math.floor(rand() * 6)}</biblScope>, pp. <biblScope unit="page" from="${10 + i}" to="${12 + i}">${10 + i}–${12 + i}</biblScope></bibl>
          </witness>` : ''}
        </listWit>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <classDecl>
        <taxonomy xml:id="witness-roles">
          <category xml:id="copy-text"><catDesc>Copy text: the witness transcribed.</catDesc></category>
        </taxonomy>
      </classDecl>
    </encodingDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent">
          ${name(sender)}
          <placeName ref="registers.xml#${from.id}">${xml(from.name)}</placeName>
          <date ${sent.attrs}>${xml(sent.text)}</date>
        </correspAction>
        <correspAction type="received">
          ${name(recipient)}
          <placeName ref="registers.xml#${to.id}">${xml(to.name)}</placeName>
          ${received}
        </correspAction>
      </correspDesc>
    </profileDesc>
    <revisionDesc>
      <change when="2026-11-26" who="#ed">Generated for the corpus benchmark.</change>
    </revisionDesc>
  </teiHeader>
  <text>
    <body>
      <div type="letter">
        <opener>
          <dateline><placeName ref="registers.xml#${from.id}">${xml(from.name)}</placeName>, <date ${sent.attrs}>${xml(sent.text)}</date></dateline>
          <salute>Dear ${name(recipient)},</salute>
        </opener>
${fixed}
        <closer>
          <salute>Ever yours,</salute>
          <signed>${name(sender)}</signed>
        </closer>
      </div>
    </body>
  </text>
</TEI>
` };
}

/**
 * Writes an edition of `n` letters into `dir` (tei/registers.xml,
 * tei/letter-NNNNN.xml, edition.json). Returns the letter files.
 * `registerPersons`: that many more persons in the register, named in no
 * letter (each about 200 bytes; 12,000 make a register of 2.4 MB, as a real
 * edition's may be). The letters are the same bytes whatever it is.
 */
export function generateCorpus(dir, n, seed = 1956, { registerPersons = 0 } = {}) {
  const rand = prng(seed);
  const reg = makeRegister(rand);
  const correspondents = reg.persons.slice(0, 25);
  mkdirSync(join(dir, 'tei'), { recursive: true });
  writeFileSync(join(dir, 'tei', 'registers.xml'), registerFile(reg, registerPersons));
  writeFileSync(join(dir, 'edition.json'), `${JSON.stringify({ title: `A benchmark edition of ${n} letters`, introduction: 'Generated letters, for measuring the toolkit at corpus scale.' }, null, 2)}\n`);
  const files = [];
  for (let i = 0; i < n; i++) {
    const l = letterFile(rand, reg, i, correspondents);
    const file = join(dir, 'tei', `${l.id}.xml`);
    writeFileSync(file, l.text);
    files.push(file);
  }
  return files;
}

/**
 * The letters of a generated edition in `dir`, checked and their models read
 * by `doc` (lib/build/document.js), as the build's threads do before they
 * render: `{ files, shared, checked, models }`, for the benchmarks that
 * measure a render stage.
 */
export async function checkedCorpus(doc, dir) {
  const tei = join(dir, 'tei');
  const files = readdirSync(tei).filter((f) => f.startsWith('letter')).sort().map((f) => join(tei, f));
  const shared = [join(tei, 'registers.xml')];
  const checked = await doc.checkDocuments({ kind: 'check', files, shared });
  const models = await doc.readModels({ kind: 'model', files: checked.map((c) => ({ file: c.file, hash: c.hash })), shared });
  return { files, shared, checked, models };
}

/**
 * The print (Typst) sources, as strings, of `letters` generated letters, each made as the
 * build makes it (its view with the shared register's entries, its model):
 * for the benchmarks of Typst alone (typst-design, typst-memory-letters).
 */
export async function typstSourcesOfCorpus(letters) {
  const { loadTypstWriter } = await lib('render/print.js');
  const typst = await loadTypstWriter();
  const out = [];
  for await (const { tree, model } of corpusDocuments(letters)) out.push(typst(tree, model));
  return out;
}

/**
 * The letters of a generated corpus of `letters` letters (in a temporary
 * folder, removed at the end), one at a time in file order, each as the
 * build reads it: its source, its view (the shared register's entries
 * resolved), the reading tree of the view and its model; with each, the
 * corpus's folder (`dir`, gone once the last letter is given) and the
 * register files' sources (`registers`), which are not among the letters.
 */
export async function* corpusDocuments(letters) {
  const { loadText } = await lib('load/source.js');
  const { resolveSharedRegisters } = await lib('registers/resolve.js');
  const { readingTreeOf } = await lib('xslt/tree.js');
  const { readDocumentModel } = await lib('model/read.js');
  const dir = mkdtempSync(join(tmpdir(), 'tei-corpus-'));
  try {
    generateCorpus(dir, letters);
    const teiDir = join(dir, 'tei');
    const sources = readdirSync(teiDir)
      .filter((f) => f.endsWith('.xml'))
      .sort()
      .map((f) => loadText(join(teiDir, f), readFileSync(join(teiDir, f), 'utf8')).source)
      .filter(Boolean);
    const registers = sources.filter((s) => s.file.endsWith('registers.xml'));
    const views = new Map([...resolveSharedRegisters(sources)]);
    for (const source of sources) {
      if (registers.includes(source)) continue;
      const view = views.get(source) ?? source;
      const tree = readingTreeOf(view);
      yield { source, view, tree, model: await readDocumentModel(source.file, tree), dir, registers };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, n, seed, persons] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node bench/corpus.mjs DIR N [SEED [MORE_REGISTER_PERSONS]]');
    process.exit(2);
  }
  generateCorpus(dir, Number(n), seed ? Number(seed) : undefined, { registerPersons: Number(persons ?? 0) });
}
