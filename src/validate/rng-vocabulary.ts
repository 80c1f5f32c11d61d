import { expandReferences, scanXml } from '../load/scan.js';

/**
 * What a RELAX NG grammar (XML syntax) allows, element by element: the
 * names of the child elements and of the attributes each declared element
 * can ever have (order and cardinality aside). libxml2 says only that an
 * element is "not expected there"; this lets a finding say what is.
 * The tests also use it to show that the edition's schema allows nothing
 * TEI P5 does not.
 */
export interface Vocabulary {
  children: Map<string, Set<string>>;
  attributes: Map<string, Set<string>>;
}

const RNG_NS = 'http://relaxng.org/ns/structure/1.0';

/** A RELAX NG element: its local name, its attributes (references expanded), its RELAX NG children, and the text of a param or value. */
export interface RngNode {
  name: string;
  attrs: Map<string, string>;
  kids: RngNode[];
  /** A param's or value's text as written up to the next markup ("\u0000" when a comment or the like is inside: not judged). */
  text: string;
}

/** The RELAX NG elements of a schema as a tree (foreign elements, e.g. documentation, left out), once per schema text. */
export function rngTree(text: string): RngNode | undefined {
  if (trees.has(text)) return trees.get(text);
  const scan = scanXml(text);
  let root: RngNode | undefined;
  if (!scan.fatal) {
    const stack: (RngNode | undefined)[] = [];
    for (const e of scan.elements) {
      stack.length = e.depth;
      if (e.namespace !== RNG_NS) continue;
      const node: RngNode = { name: e.name.slice(e.name.indexOf(':') + 1), attrs: new Map(e.attributes.map((a) => [a.name, expandReferences(a.raw)])), kids: [], text: '' };
      if (node.name === 'param' || node.name === 'value') {
        const last = e.attributes.at(-1);
        const end = text.indexOf('>', last ? last.valueOffset + last.raw.length + 1 : e.offset);
        const next = text.indexOf('<', end + 1);
        node.text = text[end - 1] === '/' ? '' : text.startsWith('<!', next) ? '\u0000' : expandReferences(text.slice(end + 1, next));
      }
      let parent: RngNode | undefined;
      for (let d = e.depth - 1; d >= 0 && !parent; d--) parent = stack[d];
      if (parent) parent.kids.push(node);
      else root ??= node;
      stack[e.depth] = node;
    }
  }
  trees.set(text, root);
  return root;
}

const trees = new Map<string, RngNode | undefined>();

/** The grammar's definitions by name (a name defined in parts, combine="choice" or "interleave", has several), through div, include and nested grammar. */
export function rngDefines(root: RngNode | undefined): Map<string, RngNode[]> {
  const defines = new Map<string, RngNode[]>();
  const collect = (n: RngNode): void => {
    for (const k of n.kids) {
      if (k.name === 'define') {
        const name = k.attrs.get('name') ?? '';
        defines.set(name, [...(defines.get(name) ?? []), k]);
      } else if (k.name === 'div' || k.name === 'include' || k.name === 'grammar') collect(k);
    }
  };
  if (root) collect(root);
  return defines;
}

const memo = new Map<string, Vocabulary>();

export function vocabulary(schemaText: string): Vocabulary {
  const known = memo.get(schemaText);
  if (known) return known;
  const children = new Map<string, Set<string>>();
  const attributes = new Map<string, Set<string>>();
  const root = rngTree(schemaText);
  // Each name's content: the children of all its definitions.
  const defines = new Map([...rngDefines(root)].map(([name, ds]) => [name, ds.flatMap((d) => d.kids)]));

  // What an element's content can hold, without entering nested elements.
  const scan = (nodes: RngNode[], into: { c: Set<string>; a: Set<string> }, seen: Set<string>): void => {
    for (const n of nodes) {
      if (n.name === 'element') {
        const name = n.attrs.get('name');
        if (name) into.c.add(name);
      } else if (n.name === 'attribute') {
        const name = n.attrs.get('name');
        if (name) into.a.add(name);
      } else if (n.name === 'ref' || n.name === 'parentRef') {
        const r = n.attrs.get('name') ?? '';
        if (!seen.has(r)) {
          seen.add(r);
          scan(defines.get(r) ?? [], into, seen);
        }
      } else if (n.name !== 'data' && n.name !== 'value' && n.name !== 'param') {
        scan(n.kids, into, seen);
      }
    }
  };
  const visit = (nodes: RngNode[]): void => {
    for (const n of nodes) {
      if (n.name === 'element' && n.attrs.get('name')) {
        const name = n.attrs.get('name') as string;
        const into = { c: children.get(name) ?? new Set<string>(), a: attributes.get(name) ?? new Set<string>() };
        scan(n.kids, into, new Set());
        children.set(name, into.c);
        attributes.set(name, into.a);
      }
      visit(n.kids);
    }
  };
  for (const body of defines.values()) visit(body);
  if (root) visit(root.kids.filter((k) => k.name === 'start'));
  const v = { children, attributes };
  memo.set(schemaText, v);
  return v;
}
