import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSef, sefStats } from '../../src/xslt/sef.js';
import { transformSync } from '../../src/xslt/transform.js';

const sheet = (body: string) => `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">${body}</xsl:stylesheet>`;

describe('loadSef within one process', () => {
  it('reuses a stylesheet whose files did not change, and notices a change in an included module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sef-'));
    const cacheDir = join(dir, 'cache');
    writeFileSync(join(dir, 'main.xsl'), sheet('<xsl:include href="mod.xsl"/><xsl:template name="xsl:initial-template"><xsl:sequence select="$greeting"/></xsl:template>'));
    writeFileSync(join(dir, 'mod.xsl'), sheet('<xsl:variable name="greeting" select="\'one\'"/>'));
    const run = async () => transformSync<string>(await loadSef(join(dir, 'main.xsl'), { cacheDir }), { destination: 'raw', initialTemplate: 'Q{http://www.w3.org/1999/XSL/Transform}initial-template' }).principalResult;
    expect(await run()).toBe('one');
    const hits = sefStats.fromMemory;
    expect(await run()).toBe('one');
    expect(sefStats.fromMemory).toBe(hits + 1);
    writeFileSync(join(dir, 'mod.xsl'), sheet('<xsl:variable name="greeting" select="\'two!\'"/>'));
    utimesSync(join(dir, 'mod.xsl'), new Date(), new Date(Date.now() + 5000));
    expect(await run()).toBe('two!');
  }, 60_000);
});
