#!/usr/bin/env node
// The compiled toolkit lives in lib/ (built by `npm ci` through the prepare script, or `npm run compile`).
import { tuneV8 } from '../lib/v8-tuning.js';

// V8's settings for the build (src/v8-tuning.ts), before the toolkit loads and before any worker thread starts.
tuneV8();
const { main } = await import('../lib/cli/main.js');
const { removeOwnTempDirs } = await import('../lib/write/temp.js');

// The Typst folders of this process's worker threads (ended by the pool, so they never ran their own clean-up).
process.once('exit', removeOwnTempDirs);
// A reader that stops reading (`tei-edition init | head -2`) closes the pipe: what is left to print is not wanted, and
// the command goes on to its end (a build still publishes) instead of dying of an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
}
process.exitCode = await main(process.argv.slice(2));
