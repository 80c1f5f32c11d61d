import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildEdition, type BuildOptions, type Target } from '../build/index.js';
import type { Diagnostic } from '../diagnostic.js';
import { decodeXml } from '../load/decode.js';
import { LineIndex } from '../load/lines.js';
import { esc, page } from '../site/html.js';
import type { OverlayFinding, ServeState } from './client.js';
import { startPreviewServer, type SiteFiles } from './http.js';
import { watchTargets, type WatchTargets } from './watch.js';

/** The inputs as the build reads them (a folder: the *.xml in it), plus other files. */
export function watchedPaths(inputs: string[], files: string[]): WatchTargets {
  const targets: WatchTargets = { folders: [], files: files.map((f) => resolve(f)) };
  for (const p of inputs) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // missing: the build reports it; its folder is watched for it to appear
    }
    (isDir ? targets.folders : targets.files).push(resolve(p));
  }
  return targets;
}

/** What a build needs besides its inputs, read afresh before every build (the settings file may have changed). */
export interface SessionBuildOptions extends Omit<BuildOptions, 'inputs' | 'targets' | 'linkTargets' | 'onProgress'> {
  /** Findings about the settings themselves (edition.json), shown like the documents' findings. */
  settingsFindings?: Diagnostic[];
}

export interface ServeOptions {
  inputs: string[];
  buildOptions: () => SessionBuildOptions;
  /** Files to watch besides the inputs: the settings file, registers elsewhere, stylesheet overrides. */
  watchFiles?: string[];
  host: string;
  port: number;
  /** Print, text, citations and data after each web build (default true). */
  background?: boolean;
  /** How long the watched folders must be quiet before a rebuild (ms). */
  quietMs?: number;
  onEvent?: (e: ServeEvent) => void;
}

export type ServeEvent =
  /** The web edition was rebuilt and the open pages told to reload. */
  | { type: 'web'; ms: number; documents: number; version: number; changed: string[] }
  /** The other outputs (PDF, text, citations, data) are up to date with the web pages. */
  | { type: 'outputs'; ms: number; files: number }
  /** The current findings (errors and warnings) changed; errors keep the last good build. */
  | { type: 'findings'; diagnostics: Diagnostic[]; lineText: (file: string, line: number) => string | undefined }
  | { type: 'internal-error'; message: string };


export interface ServeSession {
  url: string;
  watched: WatchTargets;
  state(): ServeState;
  site(): SiteFiles;
  /** Resolves when no build is running or waiting (for tests and the benchmark). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const ALL_BUT_WEB: Target[] = ['print', 'text', 'cite', 'data'];

/** A file's lines as the findings count them (decoded as the loader decodes), or nothing when it cannot be read. */
function linesOf(file: string): LineIndex | undefined {
  try {
    const decoded = decodeXml(readFileSync(file));
    return decoded.ok ? new LineIndex(decoded.text) : new LineIndex(readFileSync(file, 'latin1'));
  } catch {
    return undefined;
  }
}

/** Shown until the first good build: it carries the client, so it reloads by itself and shows the findings. */
function placeholder(message: string): string {
  return page({ title: 'tei-edition serve', root: '', main: `<h1>tei-edition serve</h1>\n<p>${esc(message)}</p>`, editionTitle: 'tei-edition serve' });
}

/**
 * `serve`: the preview server, the watcher and the rebuild loop.
 *
 * The served files are the build's output held in memory (the `web/` part of
 * buildEdition's file map), not dist/ on disk: a save is visible without
 * writing thousands of files, a request can never see a half-written file,
 * and dist/ stays what `build` last published. Only a good build replaces
 * the served files; findings never do.
 *
 * Each change gives a web build first (the document pages link their PDF
 * and text downloads already: `linkTargets`), the reload, then one build of
 * everything (PDF, text, citations, data) whose files replace the served
 * ones without a second reload. Builds run one at a time in this process,
 * so the warm caches of buildEdition (compiled stylesheets, rules, each
 * unchanged document's work) serve every rebuild; changes that arrive
 * meanwhile are gathered into the next one.
 */
export async function startServe(o: ServeOptions): Promise<ServeSession> {
  const emit = o.onEvent ?? (() => {});
  const background = o.background !== false;
  let site: Map<string, string | Uint8Array> = new Map([['index.html', placeholder('Building the edition…')]]);
  let state: ServeState = { version: 0, findings: [] };
  let shownFindings = '';

  const server = await startPreviewServer({ host: o.host, port: o.port, site: () => site, state: () => state });
  const publish = (next: ServeState): void => {
    state = next;
    server.broadcast(state);
  };

  /** Errors go to the overlay (with their source line); all findings to the terminal, when they changed. */
  function report(diagnostics: Diagnostic[]): OverlayFinding[] {
    // Source lines are read only for the findings shown, once per file and report.
    const lines = new Map<string, LineIndex | undefined>();
    const lineText = (file: string, n: number): string | undefined => {
      if (!lines.has(file)) lines.set(file, linesOf(file));
      return lines.get(file)?.lineText(n);
    };
    const key = JSON.stringify(diagnostics);
    if (key !== shownFindings) {
      shownFindings = key;
      emit({ type: 'findings', diagnostics, lineText });
    }
    return diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.rule, message: d.message, hint: d.hint, source: d.line > 0 ? lineText(d.file, d.line) : undefined }));
  }

  async function build(targets: Target[]): Promise<{ diagnostics: Diagnostic[]; files?: Map<string, string | Uint8Array>; documents: number }> {
    try {
      const { settingsFindings = [], ...options } = o.buildOptions();
      const r = await buildEdition({ ...options, inputs: o.inputs, targets, linkTargets: background && targets.length === 1 ? ALL_BUT_WEB : [] });
      const diagnostics = [...settingsFindings, ...r.diagnostics];
      const failed = diagnostics.some((d) => d.severity === 'error');
      return { diagnostics, files: failed ? undefined : r.files, documents: r.documents };
    } catch (e) {
      // A bug of ours must not take the server down: it is shown like a finding, and the last good build stays.
      const message = (e as Error).message ?? String(e);
      emit({ type: 'internal-error', message });
      return { diagnostics: [{ file: o.inputs.join(' '), line: 0, column: 0, severity: 'error', source: 'internal', rule: 'internal-error', message, hint: 'This is a bug of tei-edition: please report it (TEI_EDITION_DEBUG=1 shows the stack).' }], documents: 0 };
    }
  }

  const webOf = (files: Map<string, string | Uint8Array>): Map<string, string | Uint8Array> => {
    const web = new Map<string, string | Uint8Array>();
    for (const [k, v] of files) if (k.startsWith('web/')) web.set(k.slice(4), v);
    return web;
  };

  async function webBuild(changed: string[]): Promise<boolean> {
    const t0 = performance.now();
    const r = await build(['web']);
    const findings = report(r.diagnostics);
    if (!r.files) {
      if (state.version === 0) site = new Map([['index.html', placeholder('The edition has errors: fix them and this page shows it.')]]);
      publish({ version: state.version, findings });
      return false;
    }
    const next = webOf(r.files);
    // Downloads the web build links but does not make (PDF, text) stay as they were until the background build replaces them.
    for (const [k, v] of site) if (k.startsWith('downloads/') && !next.has(k)) next.set(k, v);
    site = next;
    publish({ version: state.version + 1, findings });
    emit({ type: 'web', ms: performance.now() - t0, documents: r.documents, version: state.version, changed });
    return true;
  }

  async function outputsBuild(): Promise<void> {
    const t0 = performance.now();
    const r = await build(['web', ...ALL_BUT_WEB]);
    if (!r.files) return; // the same findings as the web build's, already shown
    site = webOf(r.files);
    emit({ type: 'outputs', ms: performance.now() - t0, files: r.files.size });
  }

  // One build at a time; changes that arrive meanwhile make the next one.
  const pending = new Set<string>();
  let running: Promise<void> | undefined;
  async function loop(): Promise<void> {
    for (;;) {
      const changed = [...pending];
      pending.clear();
      const ok = await webBuild(changed);
      if (pending.size) continue;
      if (ok && background) await outputsBuild();
      if (!pending.size) return;
    }
  }
  const schedule = (paths: string[]): void => {
    for (const p of paths) pending.add(p);
    running ??= loop()
      .catch((e: unknown) => emit({ type: 'internal-error', message: (e as Error).message ?? String(e) })) // the server stays up
      .finally(() => {
        running = undefined;
        if (pending.size) schedule([]);
      });
  };

  const watched = watchedPaths(o.inputs, o.watchFiles ?? []);
  const watcher = watchTargets(watched, schedule, o.quietMs);
  schedule([]);

  return {
    url: server.url,
    watched,
    state: () => state,
    site: () => site,
    async idle(): Promise<void> {
      while (running) await running;
    },
    async close(): Promise<void> {
      watcher.close();
      await server.close();
    },
  };
}
