// The worker thread behind runXmllint (xmllint.ts): one libxml2 engine,
// loaded once, answering validation requests in order.
import { parentPort } from 'node:worker_threads';
import { runXmllintHere, type XmllintFile } from './xmllint.js';

interface Request {
  id: number;
  files: XmllintFile[];
  args: string[];
  maxMemoryPages: number;
}

parentPort?.on('message', (req: Request) => {
  runXmllintHere(req.files, req.args, req.maxMemoryPages).then(
    (r) => parentPort?.postMessage({ id: req.id, ...r }),
    (e: unknown) => parentPort?.postMessage({ id: req.id, exitCode: 1, stderr: `xmllint failed: ${(e as Error).message ?? String(e)}` }),
  );
});
