import { describe, it, expect } from 'vitest';
import { loadSefFromText } from '../../src/xslt/sef.js';
import { transformSync } from '../../src/xslt/transform.js';
import { regexCacheStats } from '../../src/xslt/regex-cache.js';

// Every way a stylesheet uses a regular expression, each pattern used more
// than once (so the second use comes from the cache of src/xslt/regex-cache.ts).
const sheet = `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:err="http://www.w3.org/2005/xqt-errors" expand-text="yes">
  <xsl:param name="input" as="xs:string"/>
  <!-- From the input, so that the compiler cannot reject them before the run. -->
  <xsl:variable name="open" select="substring($input, 1, 0) || '('"/>
  <xsl:variable name="open-star" select="substring($input, 1, 0) || 'x*'"/>
  <xsl:template name="xsl:initial-template">
    <xsl:variable name="words" as="xs:string*">
      <xsl:analyze-string select="$input" regex="(\\p{{Lu}})(\\w*)">
        <xsl:matching-substring>{regex-group(2)}{regex-group(1)}</xsl:matching-substring>
      </xsl:analyze-string>
    </xsl:variable>
    <xsl:variable name="invalid" as="xs:string*">
      <xsl:for-each select="1 to 2">
        <xsl:try select="string(matches('a', $open))"><xsl:catch select="local-name-from-QName($err:code)"/></xsl:try>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="empty-match" as="xs:string*">
      <xsl:for-each select="1 to 2">
        <xsl:try select="replace('a', $open-star, 'y')"><xsl:catch select="local-name-from-QName($err:code)"/></xsl:try>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="map {
      'matches': array { for $s in ('Abc', 'abc', 'ABC', 'x') return matches($s, '^a[a-z]+$') },
      'matches-i': array { for $s in ('Abc', 'abc', 'x') return matches($s, '^a[a-z]+$', 'i') },
      'matches-x': matches('ab', 'a b', 'x'),
      'matches-q': (matches('a.c', '.', 'q'), matches('abc', 'b.', 'q')),
      'replace': array { for $s in ('John Smith', 'Mary Jones', 'Mary Jones') return replace($s, '(\\w+) (\\w+)', '$2, $1') },
      'replace-again': replace('aaa', 'a', 'b'),
      'tokenize': array { for $s in ('a, b,c', 'd,e') return string-join(tokenize($s, ',\\s*'), '|') },
      'category': array { for $s in ('Café', 'cafe') return replace(normalize-unicode($s, 'NFD'), '\\p{Mn}', '') },
      'words': string-join($words, ' '),
      'invalid': array { $invalid },
      'empty-match': array { $empty-match }
    }"/>
  </xsl:template>
</xsl:stylesheet>`;

describe('regular expressions in stylesheets (translated once, src/xslt/regex-cache.ts)', () => {
  it('give the same results on every use, groups, flags and errors included', async () => {
    const sef = await loadSefFromText(sheet, 'regex-test.xsl');
    const run = () =>
      transformSync<Record<string, unknown>>(sef, {
        destination: 'raw',
        initialTemplate: 'Q{http://www.w3.org/1999/XSL/Transform}initial-template',
        stylesheetParams: { input: 'Hello World, Big Apple' },
      }).principalResult;
    const first = run();
    const translated = regexCacheStats.translated;
    const calls = regexCacheStats.calls;
    const second = run();
    for (const result of [first, second]) {
      expect(result).toEqual({
        matches: [false, true, false, false],
        'matches-i': [true, true, false],
        'matches-x': true,
        'matches-q': [true, false],
        replace: ['Smith, John', 'Jones, Mary', 'Jones, Mary'],
        'replace-again': 'bbb',
        tokenize: ['a|b|c', 'd|e'],
        category: ['Cafe', 'cafe'],
        words: 'elloH orldW igB ppleA',
        invalid: ['FORX0002', 'FORX0002'],
        'empty-match': ['FORX0003', 'FORX0003'],
      });
    }
    // The second run used the regular expressions of the first.
    expect(regexCacheStats.calls).toBeGreaterThan(calls);
    expect(regexCacheStats.translated).toBe(translated);
  }, 60_000);
});
