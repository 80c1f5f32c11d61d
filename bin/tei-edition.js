#!/usr/bin/env node
// The compiled toolkit lives in lib/ (built by `npm ci` through the prepare script, or `npm run compile`).
import { main } from '../lib/cli/main.js';
import { removeOwnTempDirs } from '../lib/write/temp.js';

// The Typst folders of this process's worker threads (ended by the pool, so they never ran their own clean-up).
process.once('exit', removeOwnTempDirs);
process.exitCode = await main(process.argv.slice(2));
