import { describe, it, expect } from 'vitest';
import { loadSefFromText } from '../../src/xslt/sef.js';
import { parseXml, saxon, transformSync, type SaxonError } from '../../src/xslt/transform.js';
import { saxonStartMemoized } from '../../src/xslt/saxon-load.js';

// src/xslt/saxon-load.ts: SaxonJS walks each stylesheet once for its
// packages and global-context-item declaration, then every transform starts
// from what that walk found. Each call must still behave as a fresh one.
const withParam = `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xsl:param name="greeting" as="xs:string" required="yes"/>
  <xsl:variable name="count" select="count(//w)"/>
  <xsl:template match="/">
    <xsl:sequence select="$greeting || ' ' || $count || ' ' || string-join(//w, ',')"/>
  </xsl:template>
</xsl:stylesheet>`;

const needsContext = `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:global-context-item use="required" as="document-node()"/>
  <xsl:template name="xsl:initial-template"><xsl:sequence select="string(.)"/></xsl:template>
</xsl:stylesheet>`;

describe('SaxonJS as loaded by the toolkit (src/xslt/saxon-load.ts)', () => {
  it('walks each stylesheet once (the installed saxon-js has the text the change expects)', () => {
    saxon();
    // Fails after a saxon-js upgrade that moved the walk: update WALK in saxon-load.ts (transforms still work, slower).
    expect(saxonStartMemoized).toBe(true);
  });

  it('gives each call its own parameters, globals and source, alternating stylesheets', async () => {
    const a = await loadSefFromText(withParam, 'saxon-load-a.xsl');
    const b = await loadSefFromText(withParam.replace("' '", "'-'"), 'saxon-load-b.xsl');
    const run = (sef: typeof a, greeting: string, xml: string) =>
      transformSync<string>(sef, { source: parseXml(xml), destination: 'raw', stylesheetParams: { greeting } }).principalResult;
    expect(run(a, 'hello', '<t><w>x</w><w>y</w></t>')).toBe('hello 2 x,y');
    expect(run(b, 'hi', '<t><w>z</w></t>')).toBe('hi-1 z');
    expect(run(a, 'bye', '<t/>')).toBe('bye 0 ');
    expect(run(b, 'yo', '<t><w>1</w><w>2</w><w>3</w></t>')).toBe('yo-3 1,2,3');
    // A required parameter is still checked at every call.
    expect(() => transformSync(a, { source: parseXml('<t/>'), destination: 'raw' })).toThrow(/greeting/);
  });

  it('checks the global context item at every call, not only the first', async () => {
    const sef = await loadSefFromText(needsContext, 'saxon-load-context.xsl');
    const withoutSource = () => transformSync(sef, { destination: 'raw', initialTemplate: 'Q{http://www.w3.org/1999/XSL/Transform}initial-template' });
    for (let i = 0; i < 2; i++) {
      let error: SaxonError | undefined;
      try {
        withoutSource();
      } catch (e) {
        error = e as SaxonError;
      }
      expect(error?.code).toBe('XTDE3086');
    }
  });
});
