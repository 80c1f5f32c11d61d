import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, normalize, relative } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { HtmlValidate, StaticConfigLoader, type ConfigData } from 'html-validate';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** Every file under a folder, as paths relative to it. */
export function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p, base) : [relative(base, p)];
  });
}

export interface ParsedPage {
  file: string;
  errors: string[];
  ids: Set<string>;
  links: { attr: string; value: string }[];
  root: Node;
}

function* elements(n: Node): Generator<Element> {
  if ('tagName' in n) yield n as Element;
  const kids = 'childNodes' in n ? n.childNodes : [];
  for (const k of kids) yield* elements(k);
  if ('content' in n && n.content) yield* elements(n.content as Node);
}

export function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function allElements(root: Node): Element[] {
  return [...elements(root)];
}

/** Parses a page with parse5, collecting every HTML5 parse error, the ids and the links. */
export function parsePage(dir: string, file: string): ParsedPage {
  const errors: string[] = [];
  const html = readFileSync(join(dir, file), 'utf8');
  const root = parse(html, { sourceCodeLocationInfo: true, onParseError: (e) => errors.push(`${file}:${e.startLine}:${e.startCol} ${e.code}`) }) as Node;
  const ids = new Set<string>();
  const links: ParsedPage['links'] = [];
  for (const el of elements(root)) {
    const id = attr(el, 'id');
    if (id !== undefined) {
      if (ids.has(id)) errors.push(`${file}: duplicate id "${id}"`);
      ids.add(id);
    }
    for (const a of ['href', 'src']) {
      const v = attr(el, a);
      if (v !== undefined) links.push({ attr: a, value: v });
    }
  }
  return { file, errors, ids, links, root };
}

/**
 * The link checker: every internal link and fragment of every page resolves
 * to a file of the site and an id in it. Returns the problems found.
 */
export function checkLinks(dir: string): { problems: string[]; external: string[]; pages: number } {
  const files = walk(dir);
  const pages = new Map(files.filter((f) => f.endsWith('.html')).map((f) => [f, parsePage(dir, f)]));
  const problems: string[] = [...[...pages.values()].flatMap((p) => p.errors)];
  const external: string[] = [];
  for (const p of pages.values()) {
    for (const { value } of p.links) {
      if (/^(https?:|mailto:)/i.test(value)) {
        external.push(value);
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
        problems.push(`${p.file}: link with scheme ${value}`);
        continue;
      }
      const [path, fragment] = value.split('#') as [string, string | undefined];
      const target = path === '' ? p.file : normalize(join(dirname(p.file), decodeURIComponent(path)));
      if (!files.includes(target)) {
        problems.push(`${p.file}: ${value} → no file ${target}`);
        continue;
      }
      if (fragment !== undefined && fragment !== '') {
        const tp = pages.get(target);
        if (tp && !tp.ids.has(decodeURIComponent(fragment))) problems.push(`${p.file}: ${value} → no id "${decodeURIComponent(fragment)}" in ${target}`);
      }
    }
  }
  return { problems, external, pages: pages.size };
}

/**
 * The configuration resolved once, not once per page: StaticConfigLoader
 * resolves it (the recommended rules merged, the table of HTML5 elements
 * built) at every file it is asked about, about 0.1 s of CPU a page, more
 * than the validation itself (4 s of the site tests' 10). A resolved
 * configuration is read-only (html-validate's own file-system loader keeps
 * one per file it has seen).
 */
class ResolvedOnce extends StaticConfigLoader {
  private resolved: ReturnType<StaticConfigLoader['getConfigFor']> | undefined;
  override getConfigFor(handle: string, configOverride?: ConfigData): ReturnType<StaticConfigLoader['getConfigFor']> {
    // Only the configuration given to the constructor (validateFile gives no override).
    if (configOverride !== undefined) return super.getConfigFor(handle, configOverride);
    return (this.resolved ??= super.getConfigFor(handle));
  }
}
const hv = new HtmlValidate(new ResolvedOnce({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } }));

/**
 * HTML5 conformance of every page with html-validate (the parser reports
 * unclosed and misnested elements, duplicate ids, invalid attributes, and
 * the recommended rules). Titles of letters are long by nature, so
 * `long-title` (an SEO rule) is off.
 */
export async function validateHtml(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const f of walk(dir).filter((x) => x.endsWith('.html')).sort()) {
    const report = await hv.validateFile(join(dir, f));
    for (const r of report.results) for (const m of r.messages) out.push(`${f}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  }
  return out;
}
