#!/usr/bin/env node
// The compiled toolkit lives in lib/ (built by `npm ci` through the prepare script, or `npm run compile`).
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
