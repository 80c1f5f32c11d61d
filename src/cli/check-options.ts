import { existsSync, statSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import type { ValidateOptions } from '../validate/index.js';
import { PROFILES, type Profile } from '../validate/profile.js';
import { UsageError } from './main.js';

/**
 * "-" names standard input to many tools; these commands read TEI files only
 * (a letter's pointers are relative to its file, so it must have one): a
 * usage error, exit 2, as for any argument the command cannot take.
 */
export function refuseStandardInput(positionals: readonly string[]): void {
  if (positionals.includes('-')) throw new UsageError('"-": documents are not read from standard input; name the TEI files (or none, for every tei/*.xml of the edition)');
}

/**
 * The exit code of a check that found errors: 2 (a usage error) when the
 * schema or rules file named by --schema or --rules cannot be used at all,
 * so that a script can tell a broken option from errors in the documents;
 * else 1.
 */
export function errorExitCode(diagnostics: readonly { rule: string }[]): 1 | 2 {
  return diagnostics.some((d) => d.rule === 'schema-unusable' || d.rule === 'rules-unusable') ? 2 : 1;
}

/** The options of the checks, shared by `validate` and `build`. */
export const CHECK_OPTIONS = {
  schema: { type: 'string' },
  rules: { type: 'string' },
  'no-schema': { type: 'boolean' },
  'no-rules': { type: 'boolean' },
  'no-xref': { type: 'boolean' },
  profile: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** ValidateOptions from parsed arguments; a schema or rules file that does not exist is a usage error. */
export function checkOptions(values: Record<string, unknown>): ValidateOptions {
  for (const opt of ['schema', 'rules'] as const) {
    const f = values[opt] as string | undefined;
    if (f !== undefined && !existsSync(f)) throw new UsageError(`--${opt} ${f}: no such file`);
    // A folder (or a device) is no schema: it was an internal error (EISDIR) when read.
    if (f !== undefined && !statSync(f).isFile()) throw new UsageError(`--${opt} ${f}: not a file (name the ${opt === 'schema' ? 'RELAX NG schema (.rng)' : 'Schematron file (.sch)'})`);
  }
  const profile = (values.profile as string | undefined) ?? 'edition';
  if (!PROFILES.includes(profile as Profile)) throw new UsageError(`--profile must be ${PROFILES.join(' or ')}, not "${profile}"`);
  return {
    profile: profile as Profile,
    schema: values['no-schema'] ? false : (values.schema as string | undefined),
    rules: values['no-rules'] ? false : (values.rules as string | undefined),
    crossReferences: !values['no-xref'],
  };
}
