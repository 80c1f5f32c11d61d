// The V8 settings the command line sets for its process (src/v8-tuning.ts).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TUNED_V8, V8_TUNING, v8Flags } from '../src/v8-tuning.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'tei-edition.js');
const LETTER = join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');

describe('V8 settings of the command line', () => {
  it('are the measured ones on the V8 they were measured on, none on another, and TEI_EDITION_V8_FLAGS replaces them', () => {
    expect(v8Flags({}, '11.3.244.8-node.38')).toEqual([...V8_TUNING]);
    expect(v8Flags({}, '12.4.254.21-node.33')).toEqual([]);
    expect(v8Flags({ TEI_EDITION_V8_FLAGS: '' }, '11.3.244.8-node.38')).toEqual([]);
    expect(v8Flags({ TEI_EDITION_V8_FLAGS: ' --a  --b=2 ' }, '12.4.254.21-node.33')).toEqual(['--a', '--b=2']);
  });

  it('are flags this V8 knows, where they are set (an unknown one is an error printed on standard output)', () => {
    const known = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    const names = [...known.matchAll(/^ {2}--([a-z0-9-]+) \(/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(100);
    const set = v8Flags({});
    expect(set).toEqual(TUNED_V8.test(process.versions.v8) ? [...V8_TUNING] : []);
    for (const flag of set) expect(names).toContain(flag.replace(/^--/, '').replace(/=.*/, ''));
  });

  it('reach V8 from bin/tei-edition.js, and the default ones leave standard output as it is', () => {
    // --trace-gc prints each collection on standard output: the setting took effect in the process.
    const traced = spawnSync(process.execPath, [BIN, 'validate', LETTER], { encoding: 'utf8', env: { ...process.env, TEI_EDITION_V8_FLAGS: '--trace-gc' } });
    expect(traced.status).toBe(0);
    expect(traced.stdout).toMatch(/Scavenge|Mark-Compact/);
    const plain = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json', LETTER], { encoding: 'utf8', env: { ...process.env, TEI_EDITION_V8_FLAGS: undefined } });
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout)).toBeTruthy();
  });
});
