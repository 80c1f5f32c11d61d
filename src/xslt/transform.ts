/**
 * A thin, typed wrapper around SaxonJS 2.7's synchronous `transform`, used
 * to run a compiled stylesheet (SEF, see ./sef.ts) on one document.
 *
 * saxon-js ships no TypeScript declarations, so the few parts we use are
 * typed here by hand and the module is loaded through `createRequire`
 * (it is CommonJS).
 *
 * Security: the documents are user input. SaxonJS's own Node parser
 * (which both `sourceText` and `getPlatform().parseXmlFromString` use)
 * never reads a DTD and never expands entities other than the five
 * predefined ones and character references: a document with a DOCTYPE that
 * declares entities fails with "Reference to unknown entity" instead of
 * fetching anything. We still refuse any DOCTYPE up front (the load stage
 * already does), so that the refusal does not depend on that parser detail.
 */
import { createRequire } from 'node:module';
import { installRegexCache } from './regex-cache.js';
import type { SefJson } from './sef.js';

/** An XDM document node as SaxonJS represents it (opaque to us). */
export interface SaxonDocument {
  readonly nodeType: number;
}

/** What SaxonJS throws: `XError`, with the stylesheet position when known. */
export interface SaxonError extends Error {
  code?: string;
  /** Line in the stylesheet module, as a string ("3"), when known. */
  xsltLineNr?: string;
  /** File name of the stylesheet module, when known. */
  xsltModule?: string;
}

interface SaxonTransformResult {
  principalResult: unknown;
}

/** The subset of the SaxonJS API this toolkit uses. */
export interface SaxonApi {
  transform(options: Record<string, unknown>, mode: 'sync'): SaxonTransformResult;
  transform(options: Record<string, unknown>, mode: 'async'): Promise<SaxonTransformResult>;
  getPlatform(): {
    parseXmlFromString(text: string): SaxonDocument;
    fileURL(path: string): { toString(): string } | string;
    resource(name: 'compiler'): SefJson;
  };
  checkOptions(options: Record<string, unknown>): Record<string, unknown> & {
    resultPromise: Promise<{ principalResult: unknown }>;
  };
  internalTransform(stylesheet: SefJson, source: SaxonDocument, options: Record<string, unknown>): void;
  XdmMap: new () => { inSituPut(key: unknown, value: unknown[]): void };
  XS: { QName: { fromParts(prefix: string, uri: string, local: string): unknown } };
  XPath: {
    sefToJSON(node: unknown, flag: boolean): SefJson;
    evaluate(xpath: string, contextItem: unknown, options?: Record<string, unknown>): unknown;
  };
  getProcessorInfo(): { productVersion: string };
  internals?: { Regex?: object };
}

const require = createRequire(import.meta.url);

let saxonApi: SaxonApi | undefined;

/**
 * SaxonJS, loaded once (loading the 2.4 MB bundle costs ~100 ms), with its regular expressions kept (./regex-cache.ts,
 * through the `internals` object SaxonJS exposes). Loaded as published, never with its code text changed: its
 * licence (node_modules/saxon-js/LICENSE.txt) permits redistribution only without modification and forbids reverse
 * engineering, and an edition toolkit must be one its users may lawfully run and ship.
 */
export function saxon(): SaxonApi {
  if (!saxonApi) {
    saxonApi = require('saxon-js') as SaxonApi;
    installRegexCache(saxonApi);
  }
  return saxonApi;
}

/** The installed saxon-js package version, e.g. "2.7.0" (part of the SEF cache key). */
export function saxonVersion(): string {
  installedVersion ??= (require('saxon-js/package.json') as { version: string }).version;
  return installedVersion;
}
let installedVersion: string | undefined;

export class DoctypeRefusedError extends Error {
  constructor() {
    super('Refusing to process an XML document with a DOCTYPE declaration (DTDs and entities are not supported).');
    this.name = 'DoctypeRefusedError';
  }
}

/**
 * Throws if the prolog of `text` holds a DOCTYPE. Only the prolog is
 * scanned (XML declaration, comments, processing instructions, blanks), so
 * the string "<!DOCTYPE" inside a comment or CDATA section further down is
 * not mistaken for one.
 */
export function refuseDoctype(text: string): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return;
      i = end + 3;
    } else {
      if (text.startsWith('<!DOCTYPE', i)) throw new DoctypeRefusedError();
      return;
    }
  }
}

/**
 * Parses a document once so that several transforms can share the tree
 * (SaxonJS would otherwise re-parse `sourceText` on every call).
 */
export function parseXml(text: string): SaxonDocument {
  refuseDoctype(text);
  return saxon().getPlatform().parseXmlFromString(text);
}

export interface TransformOptions {
  /** The document as text, or a tree from `parseXml`. Omit to use only `initialTemplate`. */
  source?: string | SaxonDocument;
  /**
   * 'raw': the principal result as JavaScript values (XDM maps become
   * objects, arrays arrays, strings strings, numbers numbers);
   * 'serialized': the principal result serialized to a string.
   */
  destination: 'raw' | 'serialized';
  /** Global parameters by name ("name" or "Q{uri}local"). */
  stylesheetParams?: Record<string, unknown>;
  initialTemplate?: string;
  initialMode?: string;
  /** Serialization parameters for destination 'serialized', e.g. `{ method: 'html' }`. */
  outputProperties?: Record<string, unknown>;
  /** Receives the text of each xsl:message; by default messages are collected, never printed. */
  onMessage?: (text: string) => void;
}

export interface TransformResult<T> {
  principalResult: T;
  /** Text of each xsl:message, when no `onMessage` was given. */
  messages: string[];
}

/** Runs a compiled stylesheet synchronously. Throws SaxonJS's XError on a dynamic error. */
export function transformSync<T = unknown>(sef: SefJson, options: TransformOptions): TransformResult<T> {
  const messages: string[] = [];
  const onMessage = options.onMessage ?? ((text: string) => void messages.push(text));
  let sourceNode: SaxonDocument | undefined;
  const saxonOptions: Record<string, unknown> = {
    stylesheetInternal: sef,
    destination: options.destination,
    // Without this SaxonJS prints xsl:message output on the console.
    // (terminate="yes" is not reported here: SaxonJS throws instead.)
    deliverMessage: (message: unknown) => onMessage(messageText(message)),
  };
  if (typeof options.source === 'string') {
    refuseDoctype(options.source);
    saxonOptions.sourceText = options.source;
  } else if (options.source !== undefined) {
    sourceNode = options.source;
  }
  if (options.stylesheetParams) saxonOptions.stylesheetParams = options.stylesheetParams;
  if (options.initialTemplate) saxonOptions.initialTemplate = options.initialTemplate;
  if (options.initialMode) saxonOptions.initialMode = options.initialMode;
  if (options.outputProperties) saxonOptions.outputProperties = options.outputProperties;
  // SaxonJS builds a debug message of every own option's toString() at each
  // call, printed or not; a document's toString() serializes the whole tree
  // (0.3-0.5 ms a letter). Inherited, the tree is still read as the option
  // (SaxonJS reads options by name) but left out of that message.
  const call = sourceNode ? Object.assign(Object.create({ sourceNode }) as Record<string, unknown>, saxonOptions) : saxonOptions;
  const result = saxon().transform(call, 'sync');
  return { principalResult: result.principalResult as T, messages };
}

/**
 * Runs a stylesheet's batch template (`template`: an initial template with no
 * source) on several documents in one transform: SaxonJS prepares the whole
 * compiled stylesheet again at each transform, and what it makes for that is
 * garbage after it (docs/scale-log.md, the twenty-third pass). The stylesheet's
 * parameter `batch` receives one XDM array of maps, each `{doc: the
 * document, …its own parameters}`: documents given as a sequence of their
 * own, apart from their parameters, came in another order once the trees
 * had been through other transforms. Gives the template's array (one result
 * a document, in their order) or throws. `what` names the stylesheet in the
 * error; `param`, when not `batch`, is the parameter's (expanded) name.
 */
export function transformBatch<T>(sef: SefJson, template: string, documents: ({ doc: SaxonDocument } & Record<string, unknown>)[], params: Record<string, unknown>, what: string, param = 'batch'): T[] {
  if (documents.length === 0) return [];
  const made = transformSync<T[]>(sef, { destination: 'raw', initialTemplate: template, stylesheetParams: { ...params, [param]: [documents] } }).principalResult;
  if (!Array.isArray(made) || made.length !== documents.length) throw new Error(`${what} gave ${Array.isArray(made) ? made.length : 'no'} results for ${documents.length} documents`);
  return made;
}

/**
 * What `make` gives the items, in one transform: undefined for fewer than two
 * items, and when the transform fails (each item is then made alone, so that
 * the error is the failing one's own).
 */
export function inOneTransform<T, R>(items: readonly T[], make: (items: readonly T[]) => R[]): R[] | undefined {
  if (items.length < 2) return undefined;
  try {
    return make(items);
  } catch {
    return undefined;
  }
}

/** xsl:message content arrives as a document node; we want its text. */
function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  const node = message as { textContent?: unknown } | null;
  if (typeof node?.textContent === 'string') return node.textContent;
  return saxon().XPath.evaluate('string(.)', message) as string;
}
