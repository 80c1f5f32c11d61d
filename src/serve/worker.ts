// A worker of serve's warm pool (src/serve/runner.ts; a child process, or a
// thread with TEI_EDITION_WORKERS=threads): the build's worker
// (src/build/worker.ts) with a temporary folder of its own. A process
// removes it when it ends (the pool asks it to leave). A thread that
// is stopped never runs its exit handlers, so the Typst compiler's sandbox
// folders it made would stay behind; made inside this folder, they go
// with it when serve removes it (DocumentThreads.close), and a serve that
// was killed leaves a folder that the next run removes (its name carries
// the process id, see src/write/temp.ts).
import { rmSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { privateTempDir } from '../write/temp.js';

// Ctrl-C in a terminal signals the whole process group, this worker too, and so does a closed terminal (SIGHUP) or a
// service manager's stop (SIGTERM): a worker ended by the signal would leave its folder (no exit handler runs) and
// fail the request it was working on. serve ends its workers itself (it disconnects them: src/worker/channel.ts),
// as does its own end, however it comes: so a worker process leaves these signals to serve (from before its folder
// exists).
if (isMainThread && process.send) for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => undefined);
const own = privateTempDir('serve-thread');
// os.tmpdir() reads these from the thread's own copy of the environment.
for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = own;
if (isMainThread) process.once('exit', () => rmSync(own, { recursive: true, force: true }));
await import('../build/worker.js');
