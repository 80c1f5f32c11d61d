import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../closest.js';
import { VERSION } from '../version.js';
import { visible } from '../controls.js';

const HELP = `tei-edition ${VERSION}: validate and publish TEI P5 letters

Usage: tei-edition <command> [options]

Commands:
  validate [paths…]   check the TEI documents (default: every tei/*.xml):
                      encoding, well-formedness, RELAX NG, Schematron and
                      cross-references
  build               validate, then build dist/ from tei/: web edition, print
                      (PDF), plain text, citations and metadata exports
  cite [document]     print one citation of a document on stdout
  serve [paths…]      build and serve the web edition on http://127.0.0.1:4321/,
                      rebuilding and reloading the page on every save
  init [dir]          create a new edition: edition.json, tei/ with a template
                      letter and the shared register, README, CI workflow

Options:
  -h, --help          show help (also: tei-edition <command> --help)
  -v, --version       print the version

Exit codes: 0 success, 1 findings (errors) in the documents, 2 usage or internal error.
`;

export const VALIDATE_HELP = `Usage: tei-edition validate [options] [paths…]

Checks TEI documents and reports every finding of every file at once.
Paths are files or folders (a folder means the *.xml files in it);
default: tei/ in the edition's folder (the nearest folder, from here up,
that holds edition.json, whose settings are checked too). Checks run in
this order, per file:
  1. bytes and encoding (UTF-8, or UTF-16 with a byte order mark)
  2. well-formedness (DTDs and entity declarations are refused, never read)
  3. RELAX NG (the edition's schema, schemas/edition.rng)
  4. Schematron (the edition's rules, schemas/edition.sch)
  5. cross-references (#id pointers, pointers into other documents, xml:id clashes)
A file that is not well-formed gets no schema checks until it is.

Options:
  --format human|json   output for people (default) or for machines
  --schema FILE.rng     validate against this RELAX NG schema instead
                        (e.g. your ODD-derived schema, or tei_all.rng)
  --rules FILE.sch      run these ISO Schematron rules instead
  --no-schema           skip the RELAX NG check
  --no-rules            skip the Schematron check
  --no-xref             skip the cross-reference check (e.g. for a document
                        taken out of a larger file, whose pointers lead out)
  --profile edition|any the edition's own documents (default: every check
                        binding), or TEI from elsewhere: only what publishing
                        needs is an error (well-formed TEI, includes, unique
                        ids, pointers the outputs follow), the rest is info
  --quiet, -q           print errors only (no warnings or notes), then the summary line
  -h, --help            show this help

Output for people: one block per file, each finding as
  file:line:col severity rule message
followed by the source line, a caret under the column, and how to fix it;
then one summary line with counts and time.

Exit codes: 0 no errors (warnings allowed), 1 errors found,
2 usage error or internal error.
`;

export class UsageError extends Error {
  /** Set for a command line its options refuse: the message then ends with where the command's options are listed. */
  options = false;
}

/**
 * The command's options, or a UsageError that says what was wrong in the
 * editor's terms (Node's own message for an unknown option ends in an
 * unbalanced quote and talks of positional arguments).
 */
export function parse(args: string[], options: ParseArgsConfig['options']): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const error = new UsageError(optionMessage(e as Error & { code?: string }, options ?? {}));
    error.options = true;
    throw error;
  }
}

function optionMessage(e: Error & { code?: string }, options: NonNullable<ParseArgsConfig['options']>): string {
  const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']*)'/.exec(e.message)?.[1] : undefined;
  if (unknown !== undefined) {
    // The option's name without its dashes and any "=value"; a name of one letter is too short to guess from.
    const word = unknown.replace(/^-+/, '').replace(/=.*$/, '');
    const near = word.length < 2 ? undefined : closest(word, Object.keys(options), { partOf: true });
    return `unknown option ${unknown}${near ? ` (did you mean --${near}?)` : ''}`;
  }
  const missing = /^Option '(-[^ ']*)(?:, (--[^ ']*))? <value>' argument missing/.exec(e.message);
  if (missing) return `option ${missing[2] ?? missing[1]} needs a value`;
  const needless = /^Option '(-[^ ']*)(?:, (--[^ ']*))?' does not take an argument/.exec(e.message);
  if (needless) return `option ${needless[2] ?? needless[1]} takes no value`;
  return e.message.charAt(0).toLowerCase() + e.message.slice(1);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      // Each command loads only its own modules: `validate` and `cite` stay fast to start.
      case 'validate':
        return await (await import('./validate.js')).validateCommand(rest);
      case 'build':
        return await (await import('./build.js')).buildCommand(rest);
      case 'cite':
        return await (await import('./cite.js')).citeCommand(rest);
      case 'serve':
        return await (await import('./serve.js')).serveCommand(rest);
      case 'init':
        return await (await import('./init.js')).initCommand(rest);
      default:
        throw new UsageError(`unknown command "${command}"; commands: validate, build, cite, serve, init (see tei-edition --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tei-edition: ${visible(e.message)}${e.options ? `; tei-edition ${command} --help lists its options` : ''}\n`);
      return 2;
    }
    // A bug of ours, not a finding about the user's document: say so briefly;
    // the stack only with TEI_EDITION_DEBUG=1.
    process.stderr.write(`tei-edition: internal error: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.TEI_EDITION_DEBUG) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
    else process.stderr.write('Please report it with the command you ran; set TEI_EDITION_DEBUG=1 for details.\n');
    return 2;
  }
}
