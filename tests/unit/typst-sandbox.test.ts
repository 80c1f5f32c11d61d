/**
 * The Typst sandbox set process-wide for worker threads
 * (withTypstSandboxProcessWide in src/render/print.ts): overlapping calls
 * (serve renders a saved letter ahead while its build runs) share one
 * sandbox; the variables stay set until the last call ends, then the
 * process's own values come back and the sandbox's folders are removed.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withTypstSandboxProcessWide } from '../../src/render/typst.js';

describe('withTypstSandboxProcessWide', () => {
  it('keeps the sandbox for overlapping calls until the last ends, then restores the environment', async () => {
    const before = { HOME: process.env.HOME, HTTPS_PROXY: process.env.HTTPS_PROXY };
    let endFirst = (): void => {};
    let seenInSecond: (string | undefined)[] = [];
    let home: string | undefined;
    const first = withTypstSandboxProcessWide(async () => {
      home = process.env.HOME;
      await new Promise<void>((resolve) => (endFirst = resolve));
    });
    const second = withTypstSandboxProcessWide(async () => {
      expect(process.env.HOME).toBe(home);
      endFirst();
      await first;
      // The first call has ended; the second still runs inside the sandbox, whose folders are still there.
      seenInSecond = [process.env.HOME, process.env.HTTPS_PROXY];
      expect(existsSync(process.env.HOME as string)).toBe(true);
    });
    await second;
    expect(home).not.toBe(before.HOME);
    expect(seenInSecond).toEqual([home, 'http://127.0.0.1:9']);
    expect({ HOME: process.env.HOME, HTTPS_PROXY: process.env.HTTPS_PROXY }).toEqual(before);
    expect(existsSync(home as string)).toBe(false);
  });
});
