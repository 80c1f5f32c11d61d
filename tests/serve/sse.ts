import { renameSync, writeFileSync } from 'node:fs';
import { get, request, type IncomingMessage } from 'node:http';
import type { ServeState } from '../../src/serve/client.js';
import { startServe, type ServeOptions, type ServeSession } from '../../src/serve/session.js';

/**
 * startServe with one worker process (TEI_EDITION_THREADS=1), the variable as it was afterwards: each more worker
 * loads SaxonJS, the stylesheets and Typst again, and the tests' editions are a letter or two.
 */
export async function startServeOneWorker(options: ServeOptions): Promise<ServeSession> {
  const threads = process.env.TEI_EDITION_THREADS;
  process.env.TEI_EDITION_THREADS = '1';
  try {
    return await startServe(options);
  } finally {
    if (threads === undefined) delete process.env.TEI_EDITION_THREADS;
    else process.env.TEI_EDITION_THREADS = threads;
  }
}

/** A server-sent-events client for the tests: every `state` event, in order, and a way to wait for one. */
export interface StateStream {
  states: ServeState[];
  /** The first state (received from now on, or already received when `since` is given) that satisfies `test`. */
  next(test: (s: ServeState) => boolean, timeoutMs?: number, since?: number): Promise<ServeState>;
  close(): void;
}

export function openStates(url: string): Promise<StateStream> {
  return new Promise((ok, fail) => {
    const req = get(url, { headers: { accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return fail(new Error(`events: HTTP ${res.statusCode}`));
      const states: ServeState[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === 'state' && data) states.push(JSON.parse(data) as ServeState);
        }
        for (const w of [...waiters]) w();
      });
      ok({
        states,
        next(test, timeoutMs = 120_000, since = states.length) {
          return new Promise((resolve, reject) => {
            const check = (): void => {
              const hit = states.slice(since).find(test);
              if (!hit) return;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(hit);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              reject(new Error(`no matching state within ${timeoutMs} ms; got ${JSON.stringify(states.slice(since))}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', fail);
  });
}

/** A raw request (the path is sent exactly as given, never normalised). */
export function raw(origin: string, path: string, init: { method?: string; host?: string } = {}): Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }> {
  const u = new URL(origin);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path, method: init.method ?? 'GET', headers: init.host ? { host: init.host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Saves like an editor: a temporary file renamed over the document. */
export function save(file: string, text: string): void {
  writeFileSync(`${file}.tmp~`, text);
  renameSync(`${file}.tmp~`, file);
}
