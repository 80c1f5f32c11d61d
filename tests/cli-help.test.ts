/**
 * Every option a command accepts is in its help: the options and the help
 * texts are written apart, and `build --help` once left out --profile,
 * which build took from the checks' options.
 */
import { describe, expect, it } from 'vitest';
import { BUILD_HELP, BUILD_OPTIONS } from '../src/cli/build.js';
import { CITE_HELP, CITE_OPTIONS } from '../src/cli/cite.js';
import { INIT_HELP, INIT_OPTIONS } from '../src/cli/init.js';
import { VALIDATE_HELP } from '../src/cli/main.js';
import { SERVE_HELP, SERVE_OPTIONS } from '../src/cli/serve.js';
import { VALIDATE_OPTIONS } from '../src/cli/validate.js';

const COMMANDS = {
  build: [BUILD_HELP, BUILD_OPTIONS],
  cite: [CITE_HELP, CITE_OPTIONS],
  init: [INIT_HELP, INIT_OPTIONS],
  serve: [SERVE_HELP, SERVE_OPTIONS],
  validate: [VALIDATE_HELP, VALIDATE_OPTIONS],
} as const;

describe('command help', () => {
  for (const [command, [help, options]] of Object.entries(COMMANDS)) {
    it(`${command}: every option it accepts is in its help`, () => {
      const missing: string[] = [];
      for (const [name, option] of Object.entries(options as Record<string, { short?: string }>)) {
        // "--name" as a whole word: "--no-schema" does not stand for "--schema".
        if (!new RegExp(`(^|[\\s,(])--${name}(?![\\w-])`, 'm').test(help)) missing.push(`--${name}`);
        if (option.short && !new RegExp(`(^|[\\s,])-${option.short}(?![\\w-])`, 'm').test(help)) missing.push(`-${option.short}`);
      }
      expect(missing).toEqual([]);
    });
  }
});
