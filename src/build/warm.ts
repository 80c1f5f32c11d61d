/**
 * A worker thread's warm-up, before its first document: it loads what
 * checking and rendering need (the Schematron rules, the RELAX NG engine,
 * SaxonJS and the stylesheets, the Typst compiler) and, before the first
 * render, runs every stage once on a sample letter of the edition, whose
 * results it drops: the first run of each stylesheet costs far more than the
 * next (SaxonJS prepares the stylesheet, the JavaScript engine compiles
 * SaxonJS's code; measured on a rebuild of 1,000 letters, about a second for
 * the rules alone). The build sends the warm-ups as soon as it expects to
 * make a document (src/build/index.ts), so that this runs while the build's
 * own thread still reads its inputs and its cache. Nothing here makes output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XSLT_DIR } from '../paths.js';
import { loadSef } from '../xslt/sef.js';
import { loadHtmlRenderer } from '../render/html.js';
import { loadPrintSourceWriter, loadTypstAndTextWriter } from '../render/print.js';
import { warmTypesetter } from '../render/typst-service.js';
import { loadTextRenderer } from '../render/text.js';
import { loadRules } from '../validate/rules.js';
import { runXmllint } from '../validate/xmllint.js';
import type { DocumentModel } from '../model/types.js';
import { checkDocuments, readModels, renderDocument, warmSharedEntries, type Target } from './document.js';

export interface WarmRequest {
  kind: 'warm';
  /** As the check requests will name them (false: none). */
  schema: string | false;
  rules: string | false;
  targets: readonly Target[];
  /** Documents of the edition, the first letter among which is checked and rendered as a sample. */
  samples: readonly string[];
  /**
   * The shared register files as far as known (from the last build's list of inputs): their entries are
   * read at the check warm-up (once per thread and version of the file), which the first model needs.
   */
  shared?: readonly string[];
  /**
   * What to warm up: `check`, loading what the checks and the model need
   * (sent when the build starts); `render`, a sample letter checked and
   * rendered (sent with the model requests, so that it runs while the
   * build's thread prepares the renders, and the checks do not wait behind it).
   */
  stage: 'check' | 'render';
}

/** The root start tag of a shared register file, not a letter (registers/kind.ts decides for certain, in the check). */
export const REGISTER_ROOT = /<(?:[\w.-]+:)?TEI\b[^>]*\btype\s*=\s*["']registers["']/;

/** The sample's model, from this thread's check warm-up, for its render warm-up. */
let sampled: { file: string; model: DocumentModel } | undefined;

export async function warmUp(request: WarmRequest): Promise<void> {
  if (request.stage === 'check') return warmChecks(request);
  const { targets } = request;
  if (targets.includes('web')) await loadHtmlRenderer();
  if (targets.includes('text')) await loadTextRenderer();
  // A letter whose text and print edition are both made has them from one transform (renderDocument).
  if (targets.includes('text') && targets.includes('print')) await loadTypstAndTextWriter();
  if (targets.includes('print')) {
    await loadPrintSourceWriter();
    // Starts the thread's Typst process (render/typst-service.ts), not awaited: it loads its compiler while this thread goes
    // on; the sample's PDF then waits for it. Without one, creates the thread's compiler (the build has set the
    // sandbox's environment process-wide: see withTypstSandboxProcessWide).
    warmTypesetter().catch(() => undefined);
  }
  if (!sampled) await sampleModel(request);
  if (!sampled) return;
  await renderDocument({
    kind: 'render', file: sampled.file, shared: [], settings: {}, editionRoot: '.', aboutWitnesses: false, model: sampled.model, targets: [...targets], linked: [], paper: 'us-letter',
    edition: { title: '' }, neighbours: [], previous: [], withHtmlParts: false, documents: {},
  });
}

/**
 * Loads what the checks need. The checks of the documents to make are sent
 * right after (src/build/index.ts), so no sample is checked here: it would
 * only delay them. The render warm-up checks its sample when it comes.
 */
async function warmChecks(request: WarmRequest): Promise<void> {
  const { schema, rules } = request;
  // libxml2 runs in a thread of its own (validate/xmllint.ts): a tiny run starts it and compiles its WebAssembly.
  // Not awaited: that thread's start took ~0.7 s (load 18) during which this one, done loading, could not take
  // the check it was sent; the check's own RELAX NG run simply queues behind the tiny one on that thread.
  if (schema) runXmllint([{ fileName: 'warm.xml', contents: '<warm/>' }], ['--noout', 'warm.xml']).catch(() => undefined);
  if (rules) await loadRules(rules);
  await loadSef(join(XSLT_DIR, 'model.xsl'));
  // A rebuild's first model waited for these (the register file parsed, its entries read by model.xsl for
  // the first time: ~1 s at load 18, while the thread had nothing else to do before the checks came).
  if (request.shared?.length) await warmSharedEntries([...request.shared]).catch(() => undefined);
}

/** The sample's check and model, as the render warm-up needs them. */
async function sampleModel(request: WarmRequest): Promise<void> {
  const { schema, rules } = request;
  const sample = request.samples.find((f) => !REGISTER_ROOT.test(head(f)));
  if (!sample) return;
  // The sample's shared registers are not resolved: its stages run all the same, and their results are dropped.
  const [checked] = await checkDocuments({ kind: 'check', files: [sample], shared: [], schema, rules });
  if (!checked?.xref) return;
  const [read] = await readModels({ kind: 'model', files: [{ file: sample, hash: checked.hash }], shared: [] });
  if (read?.model) sampled = { file: sample, model: read.model };
}

function head(file: string): string {
  try {
    return readFileSync(file).subarray(0, 4096).toString('utf8');
  } catch {
    return '<TEI type="registers">'; // unreadable: not a sample
  }
}
