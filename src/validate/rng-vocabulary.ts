import { scanXml } from '../load/scan.js';

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

interface Node {
  name: string;
  attrs: Map<string, string>;
  kids: Node[];
}

/** The RELAX NG elements of a schema as a tree (foreign elements, e.g. documentation, left out). */
function tree(text: string): Node | undefined {
  const scan = scanXml(text);
  if (scan.fatal) return undefined;
  const stack: Node[] = [];
  let root: Node | undefined;
  for (const e of scan.elements) {
    const node: Node = { name: e.name.slice(e.name.indexOf(':') + 1), attrs: new Map(e.attributes.map((a) => [a.name, a.raw])), kids: [] };
    stack.length = e.depth;
    if (e.namespace === RNG_NS) {
      let parent: Node | undefined;
      for (let d = e.depth - 1; d >= 0 && !parent; d--) parent = stack[d];
      if (parent) parent.kids.push(node);
      else root ??= node;
      stack[e.depth] = node;
    }
  }
  return root;
}

const memo = new Map<string, Vocabulary>();

export function vocabulary(schemaText: string): Vocabulary {
  const known = memo.get(schemaText);
  if (known) return known;
  const children = new Map<string, Set<string>>();
  const attributes = new Map<string, Set<string>>();
  const root = tree(schemaText);
  const defines = new Map<string, Node[]>();
  const collectDefines = (n: Node): void => {
    for (const k of n.kids) {
      if (k.name === 'define') {
        const name = k.attrs.get('name') ?? '';
        defines.set(name, [...(defines.get(name) ?? []), ...k.kids]);
      } else if (k.name === 'div' || k.name === 'include' || k.name === 'grammar') collectDefines(k);
    }
  };
  if (root) collectDefines(root);

  // What an element's content can hold, without entering nested elements.
  const scan = (nodes: Node[], into: { c: Set<string>; a: Set<string> }, seen: Set<string>): void => {
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
  const visit = (nodes: Node[]): void => {
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
