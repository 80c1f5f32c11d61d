import type { ParseArgsConfig } from 'node:util';
import { performance } from 'node:perf_hooks';
import { join, relative } from 'node:path';
import { openEdition } from '../settings/read.js';
import { withSharedRegisters } from '../registers/context.js';
import { parse, UsageError, VALIDATE_HELP } from './main.js';
import { formatHuman, formatJson, summarize, summaryLine } from './format.js';
import { validatePaths } from '../validate/index.js';
import { CHECK_OPTIONS, checkOptions, errorExitCode, refuseStandardInput } from './check-options.js';

/** The command's options (tests/cli-help.test.ts: each is in its help). */
export const VALIDATE_OPTIONS = {
  format: { type: 'string', default: 'human' },
  ...CHECK_OPTIONS,
} as const satisfies ParseArgsConfig['options'];

export async function validateCommand(args: string[]): Promise<number> {
  const t0 = performance.now();
  const { values, positionals } = parse(args, VALIDATE_OPTIONS);
  if (values.help) {
    process.stdout.write(VALIDATE_HELP);
    return 0;
  }
  refuseStandardInput(positionals);
  const format = values.format as string;
  if (format !== 'human' && format !== 'json') throw new UsageError(`--format must be human or json, not "${format}"`);
  // In an edition's folder (edition.json here or in a parent) the default is
  // its tei/, and the settings are checked with the documents.
  const project = openEdition();
  // Letters named one by one still see the shared register they point into.
  const paths = positionals.length > 0 ? withSharedRegisters(positionals, project.root) : [relative(process.cwd(), join(project.root, 'tei')) || '.'];
  const result = await validatePaths(paths, checkOptions(values));
  if (project.settingsFile) {
    result.diagnostics.unshift(...project.diagnostics);
    if (project.lines) result.lines.set(project.settingsFile, project.lines);
  }
  const shown = values.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  const summary = summarize(result.files.length, result.diagnostics, performance.now() - t0);
  if (format === 'json') {
    process.stdout.write(`${formatJson(shown, summary)}\n`);
  } else {
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    if (shown.length) process.stdout.write(formatHuman(shown, (f, l) => result.lines.get(f)?.lineText(l), color));
    process.stdout.write(`${summaryLine(summary)}\n`);
  }
  return summary.errors > 0 ? errorExitCode(result.diagnostics) : 0;
}
