/**
 * A small headless Zotero for tests: runs Zotero's own import translators
 * (../shared/oracles/zotero/: RIS.js, Embedded Metadata.js with RDF.js)
 * in a node:vm context that provides the calls they make (`Zotero.Item`,
 * `Zotero.read`, `Zotero.loadTranslator`, `Zotero.RDF.*`, `ZU.*`), and
 * returns the items they save, as Zotero would store them: fields checked
 * against the item type in zschema.json (a field the type does not have is
 * dropped, as Zotero's setField does), base fields mapped to the type's own
 * names (publicationTitle → bookTitle for a book section).
 *
 * Only what these three translators call is provided; a call to anything
 * else throws, so a change of translator shows up as a failing test rather
 * than a silently wrong item. Test code, never shipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { parseHTML } from 'linkedom';

export interface ZoteroCreator {
  firstName?: string;
  lastName?: string;
  name?: string;
  creatorType: string;
}

export interface ZoteroItem {
  itemType: string;
  creators: ZoteroCreator[];
  notes: { note: string }[];
  tags: unknown[];
  attachments: unknown[];
  [field: string]: unknown;
}

interface SchemaType {
  itemType: string;
  fields: { field: string; baseField?: string }[];
  creatorTypes: { creatorType: string; primary?: boolean }[];
}

export class ZoteroSandbox {
  private readonly types = new Map<string, SchemaType>();
  private errors: unknown[] = [];

  constructor(private readonly dir: string) {
    const schema = JSON.parse(readFileSync(join(dir, 'zschema.json'), 'utf8')) as { itemTypes: SchemaType[] };
    for (const t of schema.itemTypes) this.types.set(t.itemType, t);
  }

  /** Zotero's item types and their fields (for assertions on what a type can hold). */
  fieldsOf(itemType: string): string[] {
    return (this.types.get(itemType)?.fields ?? []).map((f) => f.field);
  }

  /** What Zotero saves when it imports a RIS file. */
  async importRis(text: string): Promise<ZoteroItem[]> {
    const lines = text.split(/\r\n|\n|\r/);
    let i = 0;
    const items: ZoteroItem[] = [];
    const ctx = this.context({
      read: () => (i < lines.length ? (lines[i++] as string) : false),
      onItem: (item) => items.push(item),
    });
    this.run(ctx, 'RIS.js');
    await (vm.runInContext('doImport()', ctx) as Promise<void> | undefined);
    return items;
  }

  /** What Zotero's browser connector saves from a page's <meta> tags (Embedded Metadata, with RDF). */
  async saveWebPage(html: string, url: string): Promise<ZoteroItem[]> {
    const { document } = parseHTML(html);
    Object.defineProperty(document, 'location', { value: { href: url }, configurable: true });
    const items: ZoteroItem[] = [];
    this.errors = [];
    const ctx = this.context({ onItem: (item) => items.push(item), document });
    this.run(ctx, 'Embedded Metadata.js');
    vm.runInContext('doWeb(document, url)', Object.assign(ctx, { document, url }));
    // RDF.js imports asynchronously: wait for the item (or an error).
    for (let i = 0; i < 200 && items.length === 0 && this.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    if (this.errors.length) throw this.errors[0];
    return items;
  }

  private run(ctx: vm.Context, file: string): void {
    const source = readFileSync(join(this.dir, file), 'utf8');
    // A translator is a JSON header, then JavaScript.
    const end = source.indexOf('\n}\n');
    vm.runInContext(source.slice(end + 3), ctx, { filename: file });
  }

  private context(io: { read?: () => string | false; onItem: (item: ZoteroItem) => void; document?: unknown }): vm.Context {
    const sandbox = this;
    let itemDone: ((obj: unknown, item: ZoteroItem) => void) | undefined;
    class Item {
      itemType: string;
      creators: ZoteroCreator[] = [];
      notes: { note: string }[] = [];
      tags: unknown[] = [];
      attachments: unknown[] = [];
      seeAlso: unknown[] = [];
      constructor(itemType?: string) {
        this.itemType = itemType ?? 'document';
      }
      complete(): void {
        const saved = sandbox.save(this as unknown as ZoteroItem);
        if (itemDone) itemDone(null, this as unknown as ZoteroItem);
        else io.onItem(saved);
      }
    }
    const Zotero: Record<string, unknown> = {
      Item,
      read: io.read ?? (() => false),
      debug: () => undefined,
      getHiddenPref: () => undefined,
      getOption: () => undefined,
      done: () => undefined,
      setProgress: () => undefined,
      Utilities: this.utilities(),
      loadTranslator: (kind: string) => {
        if (kind !== 'import') throw new Error(`sandbox: loadTranslator("${kind}") is not provided`);
        let handler: ((obj: unknown, item: ZoteroItem) => void) | undefined;
        return {
          setTranslator: (id: string) => {
            if (id !== '5e3ad958-ac79-463d-812b-a86a9235c28f') throw new Error(`sandbox: translator ${id} is not provided (only RDF)`);
          },
          setHandler: (event: string, fn: (obj: unknown, item: ZoteroItem) => void) => {
            if (event === 'itemDone') handler = fn;
          },
          getTranslatorObject: (callback: (rdf: unknown) => void) => {
            const rdfCtx = this.rdfContext((obj, item) => handler?.(obj, item), (item) => io.onItem(this.save(item)));
            this.run(rdfCtx, 'RDF.js');
            // The translator's globals (getNodes, detectType, doImport …) with its exports.
            // Top-level declarations of a script run in a context land on its sandbox object.
            const rdf = rdfCtx as Record<string, unknown>;
            const doImport = rdf.doImport as () => Promise<void> | undefined;
            rdf.doImport = () => {
              try {
                const p = doImport();
                p?.catch((e: unknown) => this.errors.push(e));
                return p;
              } catch (e) {
                this.errors.push(e);
                return undefined;
              }
            };
            callback(new Proxy(rdf, {
              set: (target, key, value) => {
                // EM sets rdf.defaultUnknownType / rdf.itemType: RDF.js reads them from `exports`.
                (target.exports as Record<string | symbol, unknown>)[key] = value;
                target[key as string] = value;
                return true;
              },
            }));
          },
        };
      },
    };
    // attr() and text(): the selector helpers Zotero gives every translator.
    type Queryable = { querySelector(s: string): { getAttribute(n: string): string | null; textContent: string | null } | null };
    const attr = (node: Queryable, selector: string, name: string): string => node.querySelector(selector)?.getAttribute(name) ?? '';
    const text = (node: Queryable, selector: string): string => node.querySelector(selector)?.textContent ?? '';
    const ctx = vm.createContext({ Zotero, Z: Zotero, ZU: Zotero.Utilities, exports: {}, console, Promise, setTimeout, document: io.document, attr, text });
    itemDone = undefined;
    return ctx;
  }

  /**
   * RDF.js as a sub-translator: an item's first complete() goes to the
   * parent's itemDone handler; the parent then completes it again to save it.
   */
  private rdfContext(onItem: (obj: unknown, item: ZoteroItem) => void, saveItem: (item: ZoteroItem) => void): vm.Context {
    const ctx = this.context({ onItem: () => undefined });
    const Zotero = (ctx as unknown as { Zotero: Record<string, unknown> }).Zotero;
    class Item {
      itemType: string;
      creators: ZoteroCreator[] = [];
      notes: { note: string }[] = [];
      tags: unknown[] = [];
      attachments: unknown[] = [];
      seeAlso: unknown[] = [];
      constructor(itemType?: string) {
        this.itemType = itemType ?? 'document';
      }
      private handed = false;
      complete(): void {
        if (this.handed) {
          saveItem(this as unknown as ZoteroItem);
          return;
        }
        this.handed = true;
        onItem(null, this as unknown as ZoteroItem);
      }
    }
    Zotero.Item = Item;
    Zotero.Collection = class {
      complete(): void {}
    };
    Zotero.RDF = rdfStore();
    return ctx;
  }

  /** As Zotero stores an item: base fields under the type's names, fields the type lacks dropped, empty values dropped. */
  save(item: ZoteroItem): ZoteroItem {
    const type = this.types.get(item.itemType);
    if (!type) throw new Error(`sandbox: unknown item type ${item.itemType}`);
    const attachments = item.attachments.map((a) => {
      const { title, url, mimeType } = a as { title?: string; url?: string; mimeType?: string };
      return { title, ...(url ? { url } : {}), ...(mimeType ? { mimeType } : {}) };
    });
    const out: ZoteroItem = { itemType: item.itemType, creators: item.creators, notes: item.notes, tags: item.tags, attachments };
    const valid = new Set(type.fields.map((f) => f.field));
    const byBase = new Map(type.fields.filter((f) => f.baseField).map((f) => [f.baseField as string, f.field]));
    for (const [key, value] of Object.entries(item)) {
      if (['itemType', 'creators', 'notes', 'tags', 'attachments', 'seeAlso', 'itemID', 'complete', 'handed'].includes(key)) continue;
      if (value === undefined || value === '' || typeof value === 'function') continue;
      const field = valid.has(key) ? key : byBase.get(key);
      if (field) out[field] = value;
    }
    const creatorTypes = new Set(type.creatorTypes.map((c) => c.creatorType));
    out.creators = item.creators.filter((c) => creatorTypes.has(c.creatorType));
    return out;
  }

  private utilities(): Record<string, unknown> {
    const types = this.types;
    const isValid = (field: string, itemType: string): boolean => {
      const t = types.get(itemType);
      return Boolean(t?.fields.some((f) => f.field === field || f.baseField === field));
    };
    const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
    const strToDate = (s: string): { year?: string; month?: number; day?: string; part?: string } => {
      const t = String(s ?? '').trim();
      let m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?/.exec(t);
      if (m) return { year: m[1], ...(m[2] ? { month: Number(m[2]) - 1 } : {}), ...(m[3] ? { day: String(Number(m[3])) } : {}) };
      m = /([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(t);
      if (m && months.includes((m[1] as string).toLowerCase())) return { year: m[3], month: months.indexOf((m[1] as string).toLowerCase()), day: m[2] };
      m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})/.exec(t);
      if (m && months.includes((m[2] as string).toLowerCase())) return { year: m[3], month: months.indexOf((m[2] as string).toLowerCase()), day: m[1] };
      m = /(\d{4})/.exec(t);
      return m ? { year: m[1] } : {};
    };
    const pad = (n: number | string): string => String(n).padStart(2, '0');
    const notProvided = (name: string) => () => {
      throw new Error(`sandbox: ZU.${name} is not provided`);
    };
    const utilities: Record<string, unknown> = {
      fieldIsValidForType: isValid,
      itemTypeExists: (t: string) => types.has(t),
      getCreatorsForType: (t: string) => (types.get(t)?.creatorTypes ?? []).map((c) => c.creatorType),
      deepCopy: (o: unknown) => JSON.parse(JSON.stringify(o)),
      trimInternal: (s: string) => String(s).replace(/\s+/g, ' ').trim(),
      // As Zotero's (zotero/utilities, unescapeHTML): the textContent of the value read as HTML, so markup is
      // dropped (a nocase span keeps only its words) and runs of spaces become one.
      unescapeHTML: (s: string) => {
        const str = String(s);
        if (!str.includes('<') && !str.includes('&')) return str;
        const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', nbsp: '\u00a0' };
        return str
          .replace(/<[^>]*>/g, '')
          .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (named[e.toLowerCase()] ?? m)))
          .replace(/ {2,}/g, ' ');
      },
      cleanDOI: (s: string) => /10\.\d{4,}\/\S+/.exec(String(s))?.[0] ?? null,
      cleanISSN: (s: string) => /\d{4}-?\d{3}[\dXx]/.exec(String(s))?.[0] ?? false,
      cleanISBN: (s: string) => (/^(?:97[89])?\d{9}[\dXx]$/.test(String(s).replace(/-/g, '')) ? String(s).replace(/-/g, '') : false),
      capitalizeTitle: (s: string) => s,
      resolveURL: (u: string) => u,
      strToDate,
      strToISO: (s: string) => {
        const d = strToDate(s);
        if (!d.year) return false;
        return `${d.year}${d.month !== undefined ? `-${pad(d.month + 1)}${d.day ? `-${pad(d.day)}` : ''}` : ''}`;
      },
      formatDate: (d: { year?: string; month?: number; day?: string }) => `${d.year ?? ''}${d.month !== undefined ? `-${pad(d.month + 1)}` : ''}${d.day ? `-${pad(d.day)}` : ''}`,
      // Zotero's cleanAuthor: "Last, First" with a comma, else split at the last space; initials get periods.
      cleanAuthor: (author: string, creatorType: string, useComma: boolean) => {
        let a = String(author).replace(/^[\s\u00a0.,/[\]:]+/, '').replace(/[\s\u00a0.,/[\]:]+$/, '').replace(/[\s\u00a0]+/g, ' ');
        let firstName = '';
        let lastName = a;
        if (useComma) {
          const parts = a.split(/, ?/);
          if (parts.length > 1) {
            lastName = parts[0] as string;
            firstName = parts[1] as string;
          }
        } else {
          const i = a.lastIndexOf(' ');
          lastName = a.slice(i + 1);
          firstName = i > 0 ? a.slice(0, i) : '';
        }
        if (firstName && /^[A-Z]+$/.test(firstName) && firstName.length < 4 && (firstName.length === 1 || lastName.toUpperCase() !== lastName)) {
          firstName = [...firstName].map((c) => `${c}.`).join(' ');
        }
        a = '';
        return { firstName, lastName, creatorType };
      },
      xpath: (node: unknown, expr: string) => xpathLite(node, expr),
      xpathText: (node: unknown, expr: string) => {
        const r = xpathLite(node, expr);
        return r.length ? r.map((n) => n.textContent).join(', ') : null;
      },
    };
    return new Proxy(utilities, {
      get: (target, key: string) => (key in target ? target[key] : typeof key === 'string' && /^[a-z]/.test(key) ? notProvided(key) : undefined),
    });
  }
}

interface AttrNode {
  nodeValue: string;
  textContent: string;
  value: string;
}

/**
 * The XPath expressions Embedded Metadata.js evaluates, on <meta> elements
 * only: `…/x:meta[substring(@name, …)="name"]/@content`, `…[@name="x"]`,
 * `…[@property="a" or @property="b"]`, `…[@http-equiv="x"]`, `//html/@lang`.
 * Anything else throws (see the head comment).
 */
function xpathLite(node: unknown, expr: string): AttrNode[] {
  const doc = node as { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }>; documentElement?: { getAttribute(n: string): string | null } };
  const attrNode = (v: string): AttrNode => ({ nodeValue: v, textContent: v, value: v });
  if (/^\/\/html\/@lang$/.test(expr)) {
    const lang = doc.documentElement?.getAttribute('lang');
    return lang ? [attrNode(lang)] : [];
  }
  const first = /^\((.*)\)\[1\]$/.exec(expr);
  if (first) return xpathLite(node, first[1] as string).slice(0, 1);
  const results: AttrNode[] = [];
  for (const part of expr.split(' | ')) {
    const m = /^(?:\/x:html\/\*\[local-name\(\) = "head" or local-name\(\) = "body"\]\/x:meta|\/\/x?:?meta)\[(.*)\](?:\/@(content|contents))?$/.exec(part.trim());
    if (!m) throw new Error(`sandbox: XPath not provided: ${expr}`);
    const cond = m[1] as string;
    const attr = m[2];
    let test: (el: { getAttribute(n: string): string | null }) => boolean;
    const suffix = /^substring\(@name, string-length\(@name\)-\d+\)="([^"]*)"$/.exec(cond);
    const equal = /^@([a-z-]+)="([^"]*)"$/.exec(cond);
    const ors = cond.split(' or ').map((c) => /^@([a-z-]+)="([^"]*)"$/.exec(c));
    if (suffix) test = (el) => (el.getAttribute('name') ?? '').endsWith(suffix[1] as string);
    else if (equal) test = (el) => el.getAttribute(equal[1] as string) === equal[2];
    else if (ors.every(Boolean)) test = (el) => ors.some((o) => el.getAttribute((o as RegExpExecArray)[1] as string) === (o as RegExpExecArray)[2]);
    else throw new Error(`sandbox: XPath not provided: ${expr}`);
    for (const el of Array.from(doc.querySelectorAll('meta'))) {
      if (!test(el)) continue;
      if (attr) {
        const v = el.getAttribute(attr);
        if (v !== null) results.push(attrNode(v));
      } else {
        results.push(el as unknown as AttrNode);
      }
    }
  }
  return results;
}

/** Zotero.RDF: a triple store. Resources are objects { uri }, literals strings (as RDF.js expects). */
function rdfStore(): Record<string, unknown> {
  interface Res {
    uri: string;
  }
  const resources = new Map<string, Res>();
  const triples: { s: Res; p: Res; o: Res | string }[] = [];
  const res = (uri: string | Res): Res => {
    if (typeof uri !== 'string') return uri;
    let r = resources.get(uri);
    if (!r) resources.set(uri, (r = { uri }));
    return r;
  };
  const listOrFalse = <T>(a: T[]): T[] | false => (a.length ? a : false);
  return {
    addStatement: (s: string | Res, p: string | Res, o: string | Res, literal: boolean) => {
      triples.push({ s: res(s), p: res(p), o: literal ? String(o) : res(o) });
    },
    getResourceURI: (r: Res | string) => (typeof r === 'string' ? r : r.uri),
    getAllResources: () => listOrFalse([...new Set(triples.map((t) => t.s))]),
    getTargets: (s: Res | string, p: string) => listOrFalse(triples.filter((t) => t.s === res(s) && t.p.uri === p).map((t) => t.o)),
    getSources: (o: Res | string, p: string) => listOrFalse(triples.filter((t) => t.o === (typeof o === 'string' ? res(o) : o) && t.p.uri === p).map((t) => t.s)),
    getArcsIn: (o: Res) => listOrFalse(triples.filter((t) => t.o === o).map((t) => t.p)),
    getArcsOut: (s: Res) => listOrFalse(triples.filter((t) => t.s === s).map((t) => t.p)),
    getContainerElements: () => [],
  };
}
