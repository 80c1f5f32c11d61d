import { mkdtempSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSchematron, SchematronSchemaError } from '../src/validate/schematron/compile.js';
import { canRunBatch, loadSchematron, loadSchematronFile, runSchematron, runSchematronBatch, type SchematronFinding } from '../src/validate/schematron/run.js';
import { clearSefMemoryCache, loadSef, loadSefFromText, sefCacheFile, sefStats } from '../src/xslt/sef.js';
import { DoctypeRefusedError, parseXml, transformSync } from '../src/xslt/transform.js';
import { haveTeiIsosch, TEI_ISOSCH, teiIsosch } from './tei-isosch.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/schematron/${name}`, import.meta.url), 'utf8');
const book = fixture('book.xml');

// The compiled fixture schemas, kept between runs in the tests' own cache (not the toolkit's .cache/sef/): the
// SEF cache keys each by the text of the stylesheet it was compiled from, the base URI and the saxon-js version
// (src/xslt/sef.ts), so a schema or compiler that changed is compiled again, and an unchanged one (about
// half a second of CPU each, some twenty of them) is read back, even when the toolkit's other code changed.
// The tests of the SEF cache itself (below) compile in folders of their own. TEI_EDITION_TEST_CACHE=0 (as for
// tests/disk-cache.ts): a folder of this run's, removed at its end.
const cacheDir = process.env.TEI_EDITION_TEST_CACHE === '0' ? mkdtempSync(join(tmpdir(), 'schematron-test-')) : fileURLToPath(new URL('../.cache/tests/schematron-sef/', import.meta.url));
afterAll(async () => {
  if (process.env.TEI_EDITION_TEST_CACHE === '0') await rm(cacheDir, { recursive: true, force: true });
});

/**
 * The schemas some tests write out in full (below, by name) rather than keep as fixture files: what they test is
 * in the schema, and they run the default phase, so they join the combined schema too.
 */
const INLINE: Record<string, string> = {
  'document-node': `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
      <pattern id="root"><rule context="/"><report test="true()" id="doc">document</report></rule></pattern>
      <pattern id="text"><rule context="text()[normalize-space()]"><report test="true()" id="t">text <value-of select="."/></report></rule></pattern>
    </schema>`,
  subject: `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
      <ns prefix="b" uri="urn:example:book"/>
      <pattern id="s">
        <rule context="b:para[not(normalize-space())]" subject="..">
          <report test="true()" id="on-chapter">empty para</report>
          <report test="true()" id="on-ref" subject="../@ref">empty para, see ref</report>
        </rule>
      </pattern>
    </schema>`,
  functions: `<schema xmlns="http://purl.oclc.org/dsdl/schematron" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:f="urn:example:functions" queryBinding="xslt2">
      <ns prefix="b" uri="urn:example:book"/>
      <ns prefix="f" uri="urn:example:functions"/>
      <xsl:key name="by-id" match="b:*" use="@xml:id"/>
      <xsl:function name="f:target" as="element()?">
        <xsl:param name="pointer" as="attribute()"/>
        <xsl:sequence select="key('by-id', substring($pointer, 2), root($pointer))"/>
      </xsl:function>
      <pattern id="p"><rule context="b:chapter[@ref]">
        <assert test="f:target(@ref)" id="dangling">Dangling <value-of select="@ref"/>.</assert>
      </rule></pattern>
    </schema>`,
};
const schemaText = (name: string): string => INLINE[name] ?? fixture(name);

/**
 * The schemas whose tests run the default phase (fixture files and the inline ones above): their patterns side by
 * side in one schema, compiled once (each compilation costs some half a second of CPU on a clean checkout). Every
 * pattern sees the whole document and fires independently of the others, and the findings come in document order,
 * pattern by pattern at each node, so the findings of a schema's patterns are those the schema alone gives, in the
 * same order: each test below asserts exactly what it asserted of its schema compiled alone. Schema-level lets come
 * first (lets.sch), diagnostics and properties last (diagnostics.sch), as ISO Schematron orders them; the pattern ids
 * differ; the root start tags' namespace declarations (xmlns:xsl, xmlns:f) go on the combined root.
 */
const COMBINED = ['lets.sch', 'basic.sch', 'first-rule.sch', 'first-rule-kinds.sch', 'attributes.sch', 'extends.sch', 'document-node', 'subject', 'functions', 'diagnostics.sch'];

function combinedSchema(): string {
  const ns = new Set<string>();
  const declarations = new Set<string>();
  const parts = COMBINED.map((name) => {
    const [, root, body] = /(<schema\b[^>]*>)([\s\S]*)<\/schema>/.exec(schemaText(name)) as RegExpExecArray;
    for (const [declaration] of root!.matchAll(/\bxmlns:\w+="[^"]*"/g)) declarations.add(declaration);
    return body!.replace(/<title>[\s\S]*?<\/title>/, '').replace(/<ns\b[^>]*\/>/g, (element) => (ns.add(element), ''));
  });
  return `<schema xmlns="http://purl.oclc.org/dsdl/schematron" ${[...declarations].join(' ')} queryBinding="xslt3">\n${[...ns].join('\n')}\n${parts.join('\n')}\n</schema>`;
}

const patternIds = (schema: string): Set<string> => new Set([...schema.matchAll(/<pattern\b[^>]*\bid="([^"]*)"/g)].map((m) => m[1] as string));
let combined: ReturnType<typeof loadSchematron> | undefined;

async function validate(schema: string, document = book, phase?: string, params?: Record<string, unknown>): Promise<SchematronFinding[]> {
  if (phase === undefined && COMBINED.includes(schema)) {
    combined ??= loadSchematron(combinedSchema(), { cacheDir });
    const own = patternIds(schemaText(schema));
    return runSchematron(await combined, document, { params }).filter((f) => own.has(f.patternId));
  }
  const sef = await loadSchematron(schemaText(schema), { cacheDir, phase });
  return runSchematron(sef, document, { params });
}

/** The parts most tests care about, in a form that reads well in a failure diff. */
const brief = (f: SchematronFinding): string => `${f.element}${f.attribute ? `@${f.attribute}` : ''} ${f.id} ${f.role}: ${f.message}`;

describe('Schematron assertions', () => {
  it('reports failed asserts and successful reports with messages, roles, see and flag', async () => {
    const findings = await validate('basic.sch');
    expect(findings.map(brief)).toEqual([
      '3 chapter-n info: Chapter numbered 1.',
      '6 paras error: A para of type note should be a note.',
      '8 chapter-has-title warning: The chapter element number 2 needs a title.',
      '9 paras error: Empty para in chapter.',
    ]);
    expect(findings[0]).toEqual({
      kind: 'report',
      patternId: 'titles',
      context: 'b:chapter',
      id: 'chapter-n',
      role: 'info',
      roleAsWritten: 'info',
      message: 'Chapter numbered 1.',
      flag: 'numbered',
      element: 3,
    });
    expect(findings[1]).toMatchObject({ kind: 'report', roleAsWritten: 'fatal', role: 'error' });
    expect(findings[2]).toMatchObject({ kind: 'assert', see: 'https://example.org/titles', roleAsWritten: 'warning' });
    // No @role: error, and no roleAsWritten.
    expect(findings[3]).toEqual({
      kind: 'assert',
      patternId: 'paras',
      context: 'b:para',
      id: 'paras',
      role: 'error',
      message: 'Empty para in chapter.',
      element: 9,
    });
  });

  it('fires only the first matching rule of a pattern, and every pattern independently', async () => {
    const findings = await validate('first-rule.sch');
    // Element 6 (para with @type) fires "typed" and not "plain"; the note
    // (10) reaches the third rule; pattern p2 sees every para again.
    expect(findings.map((f) => `${f.element} ${f.patternId}/${f.id}`)).toEqual([
      '5 p1/plain',
      '5 p2/again',
      '6 p1/typed',
      '6 p2/again',
      '9 p1/plain',
      '9 p2/again',
      '10 p1/other',
    ]);
    expect(findings[6]!.message).toBe('other element note');
  });

  it('keeps first-rule semantics when rules differ in kind, prefix, wildcard or form of context', async () => {
    const findings = await validate('first-rule-kinds.sch');
    expect(findings.map((f) => `${f.element}${f.attribute ? `@${f.attribute}` : ''} ${f.id} ${f.message}`)).toEqual([
      '3 ref ref on chapter',
      '3@n attr n',
      '5 para para',
      '6 para para',
      '6@type attr type',
      '8 ref ref on chapter',
      '9 para para',
    ]);
  });

  it('evaluates attribute contexts and locates them by parent element and attribute name', async () => {
    const findings = await validate('attributes.sch');
    expect(findings.map(brief)).toEqual([
      '1@xml:id top-id info: The root is top.',
      '7@target local-pointer error: Pointer target="http://example.org/x.png" on figure is not local.',
      '8@ref pointer-resolves error: Pointer #c3 points nowhere.',
    ]);
  });

  it('supports let at schema, pattern and rule level, and schema lets as parameters', async () => {
    expect((await validate('lets.sch')).map(brief)).toEqual([
      '1 own-limit error: limit is x',
      '3 too-many error: Chapter c1 has 2 paras; the limit is 1 (of 2 chapters).',
    ]);
    // maxParas = 2 → limit 2: chapter c1 passes.
    expect((await validate('lets.sch', book, undefined, { maxParas: 2 })).map((f) => f.id)).toEqual(['own-limit']);
  });

  it('appends diagnostics to the message and returns properties', async () => {
    const findings = await validate('diagnostics.sch');
    expect(findings).toEqual([
      {
        kind: 'assert',
        patternId: 'd',
        context: 'b:para',
        id: 'para-text',
        role: 'error',
        message: 'Paragraph is empty. Add text to the para. It is in chapter c2.',
        diagnostics: ['Add text to the para.', 'It is in chapter c2.'],
        properties: [{ id: 'p-sev', role: 'hint', scheme: 'urn:example:scheme', value: 'Severity high' }],
        element: 9,
      },
    ]);
  });

  it('runs the default phase, a named phase, #ALL, and rejects an unknown phase', async () => {
    const ids = async (phase?: string) => (await validate('phases.sch', book, phase)).map((f) => `${f.element} ${f.id}`);
    expect(await ids()).toEqual(['8 needs-title']); // defaultPhase="structure"
    expect(await ids('pointers')).toEqual(['3 ptr-local', '8 ptr-local', '10 has-note']);
    expect(await ids('#ALL')).toEqual(['3 ptr-local', '8 needs-title', '8 ptr-local', '10 has-note']);
    expect(() => compileSchematron(fixture('phases.sch'), { phase: 'nope' })).toThrow(/Unknown phase "nope".*structure, pointers/);
  });

  it('makes phase-level lets visible to the patterns of that phase', async () => {
    const schema = `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
      <ns prefix="b" uri="urn:example:book"/>
      <phase id="strict"><let name="minParas" value="2"/><active pattern="p"/></phase>
      <pattern id="p"><rule context="b:chapter">
        <assert test="count(b:para) ge $minParas" id="few">Only <value-of select="count(b:para)"/> para(s).</assert>
      </rule></pattern>
    </schema>`;
    const findings = runSchematron(await loadSchematron(schema, { cacheDir, phase: 'strict' }), book);
    expect(findings.map(brief)).toEqual(['8 few error: Only 1 para(s).']);
  });

  it('expands sch:extends of abstract rules and instantiates abstract patterns', async () => {
    const findings = await validate('extends.sch');
    expect(findings.map((f) => `${brief(f)} [${f.patternId}]`)).toEqual([
      '6 is-beta error: para says Beta. [ext]',
      '8 required-child error: The chapter needs a b:title child. [chapter-title]',
      '9 needs-text error: para needs text. [ext]',
    ]);
  });

  it('gives element index 0 for a document-node context and counts elements, not other nodes', async () => {
    const doc = '<?pi x?><a><!-- c --><b>one</b><?pi y?><c><d/>two</c></a>';
    const findings = await validate('document-node', doc);
    // "two" is a child of c (element 3), though d (element 4) precedes it.
    expect(findings.map(brief)).toEqual(['0 doc error: document', '2 t error: text one', '3 t error: text two']);
  });

  it('locates a finding at the @subject node when the rule or assertion names one', async () => {
    const findings = await validate('subject');
    expect(findings.map(brief)).toEqual(['8 on-chapter error: empty para', '8@ref on-ref error: empty para, see ref']);
  });
});

describe('Schematron schema errors', () => {
  it('names the pattern and rule of an XPath syntax error', async () => {
    const error = await loadSchematron(fixture('xpath-syntax-error.sch'), { cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchematronSchemaError);
    const message = (error as Error).message;
    expect(message).toContain('pattern "broken", rule 2 (context "b:para"), assert "unclosed" test "count(b:x"');
    expect(message).toMatch(/expected "\)"/);
  });

  it('names the pattern and rule of a dynamic error raised by a test', async () => {
    const sef = await loadSchematron(fixture('dynamic-error.sch'), { cacheDir });
    expect(() => runSchematron(sef, book)).toThrow(SchematronSchemaError);
    expect(() => runSchematron(sef, book)).toThrow(/pattern "numbers", rule 1 \(context "b:chapter"\).*"#c2" is not a valid xs:integer/);
  });

  it('reports a schema that is not well-formed XML with its position', () => {
    expect(() => compileSchematron(fixture('not-well-formed.sch'))).toThrow(/not well-formed XML \(line 7, column \d+\)/);
  });

  it('accepts xslt2, xslt3 and xpath2 query bindings and rejects others', () => {
    const schema = (binding: string) => `<schema xmlns="http://purl.oclc.org/dsdl/schematron" ${binding}><pattern/></schema>`;
    for (const ok of ['xslt2', 'xslt3', 'xpath2']) expect(() => compileSchematron(schema(`queryBinding="${ok}"`))).not.toThrow();
    expect(() => compileSchematron(schema('queryBinding="xslt"'))).toThrow(/Unsupported queryBinding "xslt"/);
    expect(() => compileSchematron(schema(''))).toThrow(/no @queryBinding/);
  });

  it('rejects unsupported constructs instead of ignoring them', () => {
    const schema = (body: string) =>
      `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><pattern id="p">${body}</pattern></schema>`;
    expect(() => compileSchematron(schema('<rule context="a"><extends href="other.sch"/></rule>'))).toThrow(/extends\/@href is not supported/);
    expect(() => compileSchematron(schema('<rule context="a"><extends rule="missing"/></rule>'))).toThrow(/names no abstract rule/);
    expect(() => compileSchematron(schema('<rule context="a"><assert test="b" diagnostics="nope">x</assert></rule>'))).toThrow(
      /diagnostics="nope" names no sch:diagnostic/,
    );
    expect(() =>
      compileSchematron(`<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><include href="x.sch"/></schema>`),
    ).toThrow(/sch:include is not supported/);
  });

  it('copies schema-level xsl:function and xsl:key into the validator', async () => {
    const findings = await validate('functions');
    expect(findings.map(brief)).toEqual(['8 dangling error: Dangling #c3.']);
  });
});

describe('several documents in one transform (runSchematronBatch)', () => {
  // Books whose findings differ by what the document-dependent values give: the pattern lets (chapter count and
  // limit), the located elements (their indexes), a key looked up in the document (functions), the first rule.
  const books = [
    book,
    book.replace('<para/>', '<para>Delta</para><para/><para/>'),
    book.replace(/<chapter xml:id="c2"[\s\S]*?<\/chapter>/, ''),
    book.replace('ref="#c3"', 'ref="#c1"').replace('<title>One</title>', ''),
    book.replace('</book>', '<chapter xml:id="c3"><para/></chapter><chapter xml:id="c4"/></book>'),
  ];

  it('gives each document the findings it has alone, in the order given, and from trees used before in another order', async () => {
    const sef = await (combined ??= loadSchematron(combinedSchema(), { cacheDir }));
    expect(canRunBatch(sef)).toBe(true);
    const trees = books.map((b) => parseXml(b));
    const alone = trees.map((t) => runSchematron(sef, t));
    // They differ from one another: a document given another's values would be caught.
    expect(new Set(alone.map((f) => JSON.stringify(f))).size).toBe(books.length);
    expect(runSchematronBatch(sef, trees)).toEqual(alone);
    expect(runSchematronBatch(sef, [...trees].reverse())).toEqual([...alone].reverse());
    expect(runSchematronBatch(sef, [trees[1]!, trees[1]!, trees[0]!])).toEqual([alone[1], alone[1], alone[0]]);
  });

  it('evaluates phase lets per document', async () => {
    const schema = `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
      <ns prefix="b" uri="urn:example:book"/>
      <phase id="strict"><let name="chapters" value="count(//b:chapter)"/><active pattern="p"/></phase>
      <pattern id="p"><rule context="b:chapter">
        <assert test="count(b:para) ge $chapters - 1" id="few">Only <value-of select="count(b:para)"/> of <value-of select="$chapters"/>.</assert>
      </rule></pattern>
    </schema>`;
    const sef = await loadSchematron(schema, { cacheDir, phase: 'strict' });
    const trees = books.map((b) => parseXml(b));
    const alone = trees.map((t) => runSchematron(sef, t));
    expect(new Set(alone.map((f) => JSON.stringify(f))).size).toBeGreaterThan(1);
    expect(runSchematronBatch(sef, trees)).toEqual(alone);
  });

  it('is not offered when the schema\'s own functions use a let (they would see no document)', async () => {
    const schema = `<schema xmlns="http://purl.oclc.org/dsdl/schematron" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:f="urn:example:functions" queryBinding="xslt2">
      <ns prefix="b" uri="urn:example:book"/>
      <ns prefix="f" uri="urn:example:functions"/>
      <let name="top" value="/*"/>
      <xsl:function name="f:top-id" as="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema"><xsl:sequence select="string($top/@xml:id)"/></xsl:function>
      <pattern id="p"><rule context="b:chapter"><report test="f:top-id() = 'top'" id="top">in <value-of select="f:top-id()"/></report></rule></pattern>
    </schema>`;
    const sef = await loadSchematron(schema, { cacheDir });
    expect(canRunBatch(sef)).toBe(false);
    expect(runSchematron(sef, book).map(brief)).toEqual(['3 top error: in top', '8 top error: in top']);
  });
});

if (!haveTeiIsosch) console.log(`Skipping the tei_all.isosch tests: ${TEI_ISOSCH} is absent.`);

describe('TEI P5 tei_all.isosch', () => {
  it.skipIf(!haveTeiIsosch)(
    'finds nothing in a small valid TEI document and locates an att.datable.w3c violation',
    async () => {
      // The project's SEF cache, not the private one: tests/tei-oracle.test.ts runs the same rules (one
      // compilation per run, none when it is unchanged), without the patterns that cannot fire on the
      // fixtures (tests/tei-isosch.ts: about 7 s of CPU less on a clean checkout).
      const sef = await loadSchematronFile(teiIsosch());
      expect(runSchematron(sef, fixture('tei-valid.xml'))).toEqual([]);
      const findings = runSchematron(sef, fixture('tei-datable.xml'));
      expect(findings).toEqual([
        {
          kind: 'report',
          patternId: 'schematron-constraint-tei_all-att.datable.w3c-att-datable-w3c-when-2',
          context: 'tei:*[@when]',
          id: 'schematron-constraint-tei_all-att.datable.w3c-att-datable-w3c-when-2',
          role: 'warning',
          roleAsWritten: 'nonfatal',
          message: 'The @when attribute cannot be used with any other att.datable.w3c attributes.',
          element: 14,
        },
      ]);
    },
    120_000,
  );
});

describe('SEF compilation and cache', () => {
  const stylesheet = (text: string) =>
    `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/">${text}</xsl:template></xsl:stylesheet>`;

  it('compiles once, then loads from disk (file untouched), then from memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sef-cache-'));
    try {
      const xsl = stylesheet('<r><xsl:value-of select="count(//*)"/></r>');
      const base = join(dir, 'count.xsl');
      const before = { ...sefStats };
      const sef = await loadSefFromText(xsl, base, { cacheDir: dir });
      expect(sefStats.compiled).toBe(before.compiled + 1);
      const file = await sefCacheFile(xsl, base, { cacheDir: dir });
      const { mtimeMs } = await stat(file);

      clearSefMemoryCache();
      const again = await loadSefFromText(xsl, base, { cacheDir: dir });
      expect(sefStats.compiled).toBe(before.compiled + 1);
      expect(sefStats.loadedFromDisk).toBe(before.loadedFromDisk + 1);
      // Not written again (its access time is set to mark it used, its modification time kept: to the microsecond,
      // which is what utimes takes, and the touch may land before or after this stat).
      expect(Math.abs((await stat(file)).mtimeMs - mtimeMs)).toBeLessThan(0.01);

      expect(await loadSefFromText(xsl, base, { cacheDir: dir })).toBe(again);
      expect(sefStats.fromMemory).toBe(before.fromMemory + 1);

      const run = (s: typeof sef) => transformSync<string>(s, { source: '<a><b/></a>', destination: 'serialized' }).principalResult;
      expect(run(sef)).toContain('<r>2</r>');
      expect(run(again)).toContain('<r>2</r>');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('recompiles when an included module changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sef-include-'));
    try {
      const main = join(dir, 'main.xsl');
      const module = join(dir, 'module.xsl');
      const moduleText = (word: string) =>
        `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template name="word">${word}</xsl:template></xsl:stylesheet>`;
      await writeFile(
        main,
        `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:include href="module.xsl"/><xsl:template match="/"><w><xsl:call-template name="word"/></w></xsl:template></xsl:stylesheet>`,
      );
      await writeFile(module, moduleText('first'));
      const run = async () =>
        transformSync<string>(await loadSef(main, { cacheDir: dir }), { source: '<a/>', destination: 'serialized' }).principalResult;
      const compiled = sefStats.compiled;
      expect(await run()).toContain('<w>first</w>');
      expect(await run()).toContain('<w>first</w>');
      expect(sefStats.compiled).toBe(compiled + 1);
      await writeFile(module, moduleText('second'));
      expect(await run()).toContain('<w>second</w>');
      expect(sefStats.compiled).toBe(compiled + 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('can compile with the xslt3 command line instead (fallback path)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sef-cli-'));
    try {
      const xsl = stylesheet('<cli><xsl:value-of select="name(/*)"/></cli>');
      clearSefMemoryCache();
      const sef = await loadSefFromText(xsl, join(dir, 'cli.xsl'), { cacheDir: dir, compiler: 'cli' });
      expect(transformSync<string>(sef, { source: '<root/>', destination: 'serialized' }).principalResult).toContain('<cli>root</cli>');
      expect(JSON.parse(await readFile(await sefCacheFile(xsl, join(dir, 'cli.xsl'), { cacheDir: dir }), 'utf8')).N).toBe('package');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('transform wrapper', () => {
  it('refuses a DOCTYPE in the prolog, but not the string in a comment after it', async () => {
    const sef = await loadSefFromText(
      `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><xsl:message>seen <xsl:value-of select="name(/*)"/></xsl:message><xsl:sequence select="string(/)"/></xsl:template></xsl:stylesheet>`,
      join(cacheDir, 'doctype.xsl'),
      { cacheDir },
    );
    const external = '<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE a SYSTEM "file:///etc/passwd"><a>&x;</a>';
    expect(() => transformSync(sef, { source: external, destination: 'raw' })).toThrow(DoctypeRefusedError);
    expect(() => parseXml(external)).toThrow(DoctypeRefusedError);
    const result = transformSync(sef, { source: '<a>text<!-- <!DOCTYPE a> --></a>', destination: 'raw' });
    expect(result.principalResult).toBe('text');
    // xsl:message output is collected, not printed.
    expect(result.messages).toEqual(['seen a']);
  });
});
