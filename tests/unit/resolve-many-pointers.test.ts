import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadText, type Source } from '../../src/load/source.js';
import { resolveSharedRegisters } from '../../src/registers/resolve.js';

// A letter's view is spliced in one pass (registers/resolve.ts); a letter with thousands of pointers into the
// shared register must get each rewritten and the rest of its view unchanged (bench/resolve-pointers.mjs
// measures the cost, which was quadratic in the pointers).

const EDITION = join('tests', 'fixtures', 'edition', 'tei');
const load = (file: string, text: string): Source => loadText(join(EDITION, file), text).source as Source;

describe('the view of a letter with many pointers into the shared register', () => {
  it('rewrites every pointer and leaves the rest as the view of the letter without them', () => {
    const register = load('registers.xml', readFileSync(join(EDITION, 'registers.xml'), 'utf8'));
    const text = readFileSync(join(EDITION, 'moreau-whitcombe-1852.xml'), 'utf8');
    const ids = ['moreau', 'lindqvist', 'whitcombe'];
    const added = (prefix: string): string => Array.from({ length: 3000 }, (_, i) => `<p><persName ref="${prefix}${ids[i % 3]}">N</persName> ${i}</p>`).join('');
    const many = text.replace('</body>', `${added('psn:')}</body>`);
    expect(many).not.toBe(text);
    const view = (s: Source): string => resolveSharedRegisters([s, register]).get(s)?.text ?? s.text;
    const viewOfMany = view(load('many.xml', many));
    expect(viewOfMany.match(/ref="psn:/g)).toBeNull();
    expect(viewOfMany).toBe(view(load('many.xml', text)).replace('</body>', `${added('#')}</body>`));
  });
});
