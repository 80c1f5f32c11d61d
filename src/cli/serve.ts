import type { ParseArgsConfig } from 'node:util';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ListenError } from '../serve/http.js';
import { startServe, type ServeEvent, type ServeSession, type SessionBuildOptions } from '../serve/session.js';
import { CHECK_OPTIONS, checkOptions, refuseStandardInput } from './check-options.js';
import { formatHuman, summarize } from './format.js';
import type { Diagnostic } from '../diagnostic.js';
import { parse, UsageError } from './main.js';
import { openEdition, readSettings } from '../settings/read.js';
import { withSharedRegisters } from '../registers/context.js';

export const SERVE_HELP = `Usage: tei-edition serve [options] [paths…]

Builds the edition (default: the tei/ folder beside edition.json, found
here or in a parent folder, as for build) and serves its web edition on
http://127.0.0.1:4321/ while you edit. On every save of a document, of a
register, or of edition.json, it rebuilds what changed and the open pages
reload by themselves; findings appear over the page (and here), and a
letter with errors keeps its last good page until they are fixed (one
broken from the start has no page; the others are served). A saved
letter's page comes first; its checks, its PDF, plain text and citations,
and the pages that list it follow in the background (the document page's
download links serve them fresh). The volume (edition.pdf, .epub) is not
made. Nothing is written to dist/: use \`tei-edition build\` to publish.

Options:
  --port N             port to listen on (default: 4321; 0 = any free port)
  --host H             address to listen on (default: 127.0.0.1, this machine
                       only; 0.0.0.0 lets others on your network see it)
  --open               open the edition in the default browser
  --title TEXT         the edition's title (default: edition.json, or the
                       first document's subtitle)
  --paper letter|a4    paper size of the PDF (default: edition.json, or letter)
  --no-outputs         web pages only: no PDF, text, citations or data
  --schema, --rules, --no-schema, --no-rules, --no-xref, --profile
                       as for \`tei-edition validate\`
  --quiet, -q          print errors only, then the one summary line
  -h, --help           show this help

Stop with Ctrl-C.

Exit codes: 0 stopped, 2 usage error (a port in use, an unknown option) or
internal error.
`;

/**
 * The build's options from the settings file and the command line, read
 * before every rebuild: an edit of edition.json shows at once.
 */
export function serveBuildOptions(settingsFile: string, flags: { title?: string; paper?: string; checks?: ReturnType<typeof checkOptions> }): SessionBuildOptions {
  // Read with the toolkit's settings reader: the same findings, with positions, as \`build\` gives.
  const read = existsSync(settingsFile) ? readSettings(settingsFile) : { settings: {}, diagnostics: [], settingsFile: undefined };
  const config = read.settings;
  const findings = [...read.diagnostics];
  if (flags.paper !== undefined && flags.paper !== 'letter' && flags.paper !== 'a4') throw new UsageError(`--paper must be letter or a4, not "${flags.paper}"`);
  // A wrong "paper" in the settings is a finding of the settings check (settings-value), never the end of the server.
  const paperName = flags.paper ?? config.paper ?? 'letter';
  return {
    title: flags.title ?? config.title,
    introduction: config.introduction,
    // The preview is served from this machine: canonical and citation URLs keep the published address.
    baseUrl: config.baseUrl,
    paper: paperName === 'a4' ? 'a4' : 'us-letter',
    settings: config,
    settingsFile: read.settingsFile,
    ...flags.checks,
    settingsFindings: findings,
  };
}

/** The default browser, without waiting for it or failing when there is none. */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`tei-edition: could not open a browser (${cmd}); open ${url} yourself.\n`));
    child.unref();
  } catch {
    process.stderr.write(`tei-edition: could not open a browser; open ${url} yourself.\n`);
  }
}

const seconds = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** The command's options (tests/cli-help.test.ts: each is in its help). */
export const SERVE_OPTIONS = {
  port: { type: 'string', default: '4321' },
  host: { type: 'string', default: '127.0.0.1' },
  open: { type: 'boolean', default: false },
  title: { type: 'string' },
  paper: { type: 'string' },
  'no-outputs': { type: 'boolean', default: false },
  ...CHECK_OPTIONS,
} as const satisfies ParseArgsConfig['options'];

export async function serveCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, SERVE_OPTIONS);
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  refuseStandardInput(positionals);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port as string) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port as string}"`);
  const host = values.host as string;
  // The edition's folder (edition.json here or in the nearest parent) gives the defaults, as for \`build\`.
  const project = openEdition();
  const inputs = positionals.length ? withSharedRegisters(positionals, project.root) : [relative(process.cwd(), join(project.root, 'tei')) || '.'];
  const quiet = Boolean(values.quiet);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const settingsFile = relative(process.cwd(), join(project.root, 'edition.json')) || 'edition.json';
  const checks = checkOptions(values);

  const buildOptions = (): SessionBuildOptions => serveBuildOptions(settingsFile, { title: values.title as string | undefined, paper: values.paper as string | undefined, checks });
  buildOptions(); // usage errors (a bad --paper) before anything starts

  // The errors of the last findings: a line that says the pages are up to date says too that some are not, so that
  // the last line an editor reads after a broken save is not a plain "✔ … up to date".
  let errorsNow = 0;
  let reported = new Set<string>();
  const remaining = (): string => (errorsNow ? `; ${errorsNow} error${errorsNow === 1 ? ' remains' : 's remain'}: a letter with errors keeps its last good page` : '');
  const onEvent = (e: ServeEvent): void => {
    const time = new Date().toTimeString().slice(0, 8);
    switch (e.type) {
      case 'web': {
        const what = e.changed.map((p) => p.replace(`${process.cwd()}/`, '')).join(', ');
        if (!quiet) process.stdout.write(e.version === 1 ? `${time} ✔ web edition built: ${e.documents} document${e.documents === 1 ? '' : 's'} (${seconds(e.ms)})\n` : `${time} ✔ ${what || 'rebuilt'}: pages updated and reloaded (${seconds(e.ms)})${remaining()}\n`);
        break;
      }
      case 'document':
        if (!quiet) process.stdout.write(`${time}   ${e.file.replace(`${process.cwd()}/`, '')}: its PDF, text and citations updated (${seconds(e.ms)})\n`);
        break;
      case 'outputs':
        // (--no-outputs: web pages only, so the pages are what is up to date.)
        if (!quiet) process.stdout.write(`${time}   ${values['no-outputs'] ? 'every page' : 'every page, PDF, text, citations and data'} up to date (${seconds(e.ms)})${remaining()}\n`);
        break;
      case 'findings': {
        // The errors, and of the warnings and notes those the last report did not have: each save reprinted every
        // finding of every letter (with TEI from elsewhere, hundreds of notes), some twice, and the one new error was
        // lost among them. The summary line below still counts them all.
        const key = (d: Diagnostic): string => `${d.file}\u0000${d.line}\u0000${d.column}\u0000${d.severity}\u0000${d.rule}\u0000${d.message}`;
        const fresh = e.diagnostics.filter((d) => d.severity === 'error' || !reported.has(key(d)));
        reported = new Set(e.diagnostics.map(key));
        const shown = quiet ? fresh.filter((d) => d.severity === 'error') : fresh;
        if (shown.length) process.stdout.write(formatHuman(shown, e.lineText, color));
        const s = summarize(0, e.diagnostics, 0);
        errorsNow = s.errors;
        if (s.errors) process.stdout.write(`${time} ✖ ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}: shown in the browser too; a letter with errors keeps its last good page (none if it never had one)\n`);
        else if (!quiet) process.stdout.write(`${time} ✔ no errors${s.warnings ? ` (${s.warnings} warning${s.warnings === 1 ? '' : 's'})` : ''}\n`);
        break;
      }
      case 'internal-error':
        process.stderr.write(`${time} tei-edition: internal error: ${e.message} (the server keeps running)\n`);
        break;
    }
  };

  let session: ServeSession;
  try {
    session = await startServe({ inputs, buildOptions, watchFiles: [settingsFile], host, port, background: !values['no-outputs'], onEvent });
  } catch (e) {
    if (e instanceof ListenError) throw new UsageError(e.message);
    throw e;
  }
  // Listening on every address: the browser on this machine reaches it as localhost.
  const shownUrl = session.url.replace(/:\/\/(0\.0\.0\.0|\[::\]):/, '://localhost:');
  process.stdout.write(`tei-edition serve: ${shownUrl} (watching ${[...session.watched.folders, ...session.watched.files].map((p) => p.replace(`${process.cwd()}/`, '')).join(', ')}; Ctrl-C stops)\n`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) process.stdout.write(`note: listening on ${host}: others on your network can read this preview.\n`);
  if (values.open) openBrowser(shownUrl);

  // Ctrl-C or a service manager's stop: close the server (the port is free
  // again) and exit through process.exit, so that the exit handlers remove
  // the compiler's temporary folders.
  return await new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      if (!quiet) process.stdout.write(`\n${signal === 'SIGINT' ? '' : `${signal}: `}stopping…\n`);
      // process.exit, not a return: worker threads (libxml2, SaxonJS) would keep the process alive.
      const exit = (): void => {
        done(0);
        process.exit(0);
      };
      void session.close().then(exit, exit);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGHUP', () => stop('SIGHUP'));
  });
}

