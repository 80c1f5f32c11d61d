/**
 * Global setup (vitest.config.mjs): the tests run lib/, what `tsc -b` compiles from src/ (the config maps the tests'
 * `src/….js` imports to lib/). `npm test` compiles first; a test file run alone (`npx vitest run FILE`) after an
 * edit of src/ would test the code as it was before the edit. So when any file under src/ is newer than the last
 * compilation (lib/tsconfig.tsbuildinfo), it compiles now, and stops the run on a compile error.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/** The newest modification time of a file under dir (milliseconds). */
function newest(dir: string): number {
  let most = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) most = Math.max(most, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return most;
}

export default function setup(): void {
  let compiled = 0;
  try {
    compiled = statSync(join(root, 'lib/tsconfig.tsbuildinfo')).mtimeMs;
  } catch {
    // Never compiled.
  }
  // Folders count too: a file removed from src/ changes its folder's time.
  if (newest(join(root, 'src')) <= compiled) return;
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`src/ is newer than lib/, and compiling it failed (the tests run lib/):\n${tsc.stdout}${tsc.stderr}`);
}
