/**
 * src/heap.ts: a full collection when the heap has grown by more than the
 * bound since the last one, none below it, none when turned off.
 */
import { getHeapStatistics } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { collectIfGrown } from '../../src/heap.js';

const MB = 1024 * 1024;
const used = (): number => getHeapStatistics().used_heap_size;

/** About 30 MB of arrays, dropped at once: garbage until a collection. */
function garbage(): void {
  let junk: number[][] | undefined = Array.from({ length: 400 }, () => new Array(10_000).fill(1.5));
  expect(junk.length).toBe(400);
  junk = undefined;
}

describe('collectIfGrown', () => {
  afterEach(() => {
    delete process.env.TEI_EDITION_HEAP_SLACK_MB;
  });

  it('collects once the heap holds more than the bound beyond what was alive after the last collection, and not below it', () => {
    collectIfGrown(1); // the first: collects, and notes what is alive
    garbage();
    const grown = used();
    collectIfGrown(1);
    const collected = used();
    expect(collected).toBeLessThan(grown - 20 * MB);
    // Within the bound: nothing is collected.
    garbage();
    const again = used();
    collectIfGrown(1024);
    expect(used()).toBeGreaterThan(again - MB);
  });

  it('collects nothing with TEI_EDITION_HEAP_SLACK_MB=0', () => {
    collectIfGrown(1);
    process.env.TEI_EDITION_HEAP_SLACK_MB = '0';
    garbage();
    const grown = used();
    collectIfGrown(1);
    expect(used()).toBeGreaterThan(grown - MB);
  });
});
