import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { WorkerChannel } from '../worker/channel.js';
import { validateXML } from 'xmllint-wasm';
import { TOOLKIT_ROOT } from '../paths.js';

/**
 * libxml2's xmllint (xmllint-wasm), run in one long-lived worker thread.
 *
 * Why not the package's own `validateXML`: it starts a new worker thread
 * and compiles the 800 kB WebAssembly module on every call, about 110 ms
 * each, which alone would break the 50 ms budget of a warm validation. The
 * package's Emscripten factory is the same code its worker runs; loaded
 * once, with the WebAssembly module compiled once and instantiated per call,
 * a call costs about 25 ms. It runs in our own worker (xmllint-worker.ts),
 * started once and reused, so that RELAX NG validation overlaps with the
 * Schematron run on the main thread. The package version is pinned; should
 * its file layout change, we fall back to `validateXML` (slower, same
 * results).
 */

export interface XmllintFile {
  fileName: string;
  contents: string;
}

export interface XmllintRun {
  /** xmllint's exit code: 0 valid, 3 or 4 invalid, anything else a failure. */
  exitCode: number;
  stderr: string;
}

type Factory = (options: Record<string, unknown>) => Promise<unknown>;

const require = createRequire(import.meta.url);
/** 16 MiB, the least the module accepts; libxml2 grows it when a large document or schema needs more. */
const INITIAL_PAGES = 256;
let engine: { factory: Factory; wasm: WebAssembly.Module } | null | undefined;

async function inProcessEngine(): Promise<{ factory: Factory; wasm: WebAssembly.Module } | null> {
  if (engine !== undefined) return engine;
  try {
    const path = require.resolve('xmllint-wasm/xmllint-node.js');
    const src = readFileSync(path, 'utf8');
    // The file ends by wiring itself to a worker's parentPort; we want only the factory before that.
    const cut = src.indexOf(';(function initWorker()');
    if (cut < 0) throw new Error('xmllint-wasm layout changed');
    const load = new Function('require', '__filename', '__dirname', 'module', 'exports', `${src.slice(0, cut)}\nreturn Module;`) as (...args: unknown[]) => Factory;
    const mod = { exports: {} };
    const factory = load(require, path, dirname(path), mod, mod.exports);
    const wasm = await WebAssembly.compile(readFileSync(join(dirname(path), 'xmllint.wasm')));
    engine = { factory, wasm };
  } catch {
    engine = null;
  }
  return engine;
}

const channel = new WorkerChannel<{ files: XmllintFile[]; args: string[]; maxMemoryPages: number }, XmllintRun>(
  join(TOOLKIT_ROOT, 'lib', 'validate', 'xmllint-worker.js'),
);

/** Runs xmllint with `args` over in-memory files (no file system, no network), off the main thread. */
export async function runXmllint(files: XmllintFile[], args: string[], maxMemoryPages = 16384): Promise<XmllintRun> {
  if (!channel.available) return runXmllintHere(files, args, maxMemoryPages);
  return channel.request({ files, args, maxMemoryPages }).catch((e: Error) => ({ exitCode: 1, stderr: `xmllint failed: ${e.message}` }));
}

/** Runs xmllint in this thread (used by the worker, or where no worker can start). */
export async function runXmllintHere(files: XmllintFile[], args: string[], maxMemoryPages = 16384): Promise<XmllintRun> {
  const e = await inProcessEngine();
  if (!e) return runInWorker(files, args, maxMemoryPages);
  let stderr = '';
  // Emscripten's exit handler sets process.exitCode; a validation must not change ours.
  const saved = process.exitCode;
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      e.factory({
        inputFiles: files,
        arguments: args,
        print: () => {},
        printErr: (text: string) => {
          stderr += `${text}\n`;
        },
        onExit: resolve,
        onAbort: (reason: unknown) => reject(new Error(`xmllint aborted: ${String(reason)}`)),
        wasmMemory: new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: maxMemoryPages }),
        instantiateWasm(imports: WebAssembly.Imports, ok: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
          WebAssembly.instantiate(e.wasm, imports).then((instance) => ok(instance, e.wasm), reject);
          return {};
        },
      }).catch((err: { name?: string; status?: number }) => {
        if (err?.name === 'ExitStatus' && typeof err.status === 'number') resolve(err.status);
        else reject(err);
      });
    });
    return { exitCode, stderr };
  } finally {
    process.exitCode = saved;
  }
}

/** The package's worker-based path, used only if the in-process engine cannot load. */
async function runInWorker(files: XmllintFile[], args: string[], maxMemoryPages: number): Promise<XmllintRun> {
  const schemaIndex = args.indexOf('--relaxng');
  const schemaName = schemaIndex >= 0 ? args[schemaIndex + 1] : undefined;
  const docNames = args.filter((a, i) => !a.startsWith('--') && i !== schemaIndex + 1);
  const byName = new Map(files.map((f) => [f.fileName, f]));
  try {
    const r = await validateXML({
      xml: docNames.map((n) => byName.get(n) as XmllintFile),
      schema: schemaName ? [byName.get(schemaName) as XmllintFile] : [],
      preload: files.filter((f) => f.fileName !== schemaName && !docNames.includes(f.fileName)),
      extension: 'relaxng',
      maxMemoryPages,
    });
    return { exitCode: r.valid ? 0 : 3, stderr: r.rawOutput };
  } catch (err) {
    return { exitCode: 1, stderr: String((err as Error).message ?? err) };
  }
}

/**
 * libxml2's own limits (names of 50,000 characters, tokens and tags of
 * 10,000,000 bytes, 256 levels of nesting), as a parse error of xmllint
 * words them: "Resource limit exceeded: Text node too long, try
 * XML_PARSE_HUGE". That option (xmllint's --huge) is not the user's to set,
 * so the limit is said instead: what was too large, and what the limit is.
 * The toolkit's scanner (src/load/scan.ts) refuses all of these earlier
 * and with an exact position, so this is a second line of defence (a
 * document that reached libxml2 some other way). undefined: not a limit.
 */
export function libxml2Limit(message: string): string | undefined {
  const m = message.trim();
  const known: [RegExp, (r: RegExpExecArray) => string][] = [
    [/Name too long/i, () => 'a name is longer than the 50,000 characters the XML parser (libxml2) accepts'],
    [/AttValue length too long/i, () => 'an attribute value is longer than the 10,000,000 bytes the XML parser (libxml2) accepts'],
    [/Text node too long|huge text node/i, () => 'a run of text is longer than the 10,000,000 bytes the XML parser (libxml2) accepts in one text node'],
    [/Comment too big/i, () => 'a comment is longer than the 10,000,000 bytes the XML parser (libxml2) accepts'],
    [/CData section too big/i, () => 'a CDATA section is longer than the 10,000,000 bytes the XML parser (libxml2) accepts'],
    [/PI .* too big/i, () => 'a processing instruction is longer than the 10,000,000 bytes the XML parser (libxml2) accepts'],
    [/Excessive depth in document: (\d+)/i, (r) => `elements are nested ${r[1]} levels deep, more than the 256 the XML parser (libxml2) accepts`],
    [/Buffer size limit exceeded/i, () => 'one piece of markup (a tag with its attributes, or a value) is longer than the 10,000,000 bytes the XML parser (libxml2) reads at once'],
    [/depth \d+ too deep/i, () => 'a declaration is nested more deeply than the XML parser (libxml2) accepts'],
    [/(?:Resource|Operation|Recursion) limit exceeded|XML_PARSE_HUGE|--huge/i, () => `the document goes past a limit of the XML parser (libxml2): ${m.replace(/[,:]?\s*(?:try|use) XML_PARSE_HUGE(?: option)?/gi, '').replace(/^Resource limit exceeded:\s*/i, '')}`],
  ];
  for (const [re, say] of known) {
    const r = re.exec(m);
    if (r) return say(r);
  }
  return undefined;
}
