/**
 * The command line run inside the test process: `main(argv)` of
 * src/cli/main.ts (what bin/tei-edition.js calls) with the working folder
 * set and stdout/stderr captured, returning what a child process would
 * give: exit status, stdout, stderr. A spawned `node bin/tei-edition.js`
 * pays a Node start, the module graph, SaxonJS, the compiled stylesheets
 * and the Typst compiler again on every call (about 1 s of CPU); here they
 * are loaded once per test process.
 *
 * Use it wherever a test is about what a command does, not about the
 * process itself. Tests about the process (signals and kills, file
 * descriptor limits, the environment's locale, the installed package,
 * the `bin/` script) keep spawning it; every command has at least one
 * spawned test: validate (tests/v8-tuning.test.ts), build
 * (tests/build-safety.test.ts), cite (tests/cite.test.ts), init
 * (tests/init.test.ts), serve (tests/serve/serve.test.ts).
 */
import { main } from '../src/cli/main.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

let running = false;

/**
 * Runs `tei-edition ...args` in `cwd`, in this process. Calls must not overlap (they change the working folder).
 *
 * Without TEI_EDITION_THREADS in the environment, the build runs in this thread (as TEI_EDITION_THREADS=0):
 * the test process has SaxonJS, the stylesheets and Typst loaded already, and each worker thread would load
 * them again (about a second of CPU each) for an edition of a dozen letters. The output is the same
 * (tests/build/incremental.test.ts compares pooled and unpooled builds byte for byte); the tests of the pool
 * set TEI_EDITION_THREADS (runCliWithEnv), and spawned commands keep the build's own choice.
 */
export async function runCli(cwd: string, ...args: string[]): Promise<CliResult> {
  if (process.env.TEI_EDITION_THREADS === undefined) return runCliWithEnv({ TEI_EDITION_THREADS: '0' }, cwd, ...args);
  if (running) throw new Error('runCli: calls must not overlap (each sets the working folder)');
  running = true;
  const saved = { cwd: process.cwd(), out: process.stdout.write, err: process.stderr.write, exitCode: process.exitCode, outTty: process.stdout.isTTY, errTty: process.stderr.isTTY };
  let stdout = '';
  let stderr = '';
  const capture =
    (append: (s: string) => void) =>
    (chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof cb === 'function') (cb as () => void)();
      return true;
    };
  try {
    process.chdir(cwd);
    // As for a child whose output is a pipe: no colours, no progress line.
    process.stdout.isTTY = false;
    process.stderr.isTTY = false;
    process.stdout.write = capture((s) => (stdout += s)) as typeof process.stdout.write;
    process.stderr.write = capture((s) => (stderr += s)) as typeof process.stderr.write;
    const status = await main(args);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.stdout.isTTY = saved.outTty;
    process.stderr.isTTY = saved.errTty;
    process.chdir(saved.cwd);
    process.exitCode = saved.exitCode;
    running = false;
  }
}

/**
 * runCli with environment variables set for the call and restored after it
 * (`undefined` removes one): e.g. TEI_EDITION_THREADS, which the build reads
 * when it starts.
 */
export async function runCliWithEnv(env: Record<string, string | undefined>, cwd: string, ...args: string[]): Promise<CliResult> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (vars: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(env);
  try {
    return await runCli(cwd, ...args);
  } finally {
    set(saved);
  }
}
