import { XMLParser } from 'fast-xml-parser';

/**
 * A RELAX NG (XML syntax) analyser for tests: for every element the grammar
 * declares, the names of the child elements and attributes it can ever
 * have. Comparing these sets between the edition's schema and tei_all.rng
 * shows that our vocabulary is a subset of TEI's, element by element.
 */
type Node = Record<string, unknown>;

export interface Vocabulary {
  children: Map<string, Set<string>>;
  attributes: Map<string, Set<string>>;
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true });

function tag(n: Node): string | undefined {
  return Object.keys(n).find((k) => k !== ':@' && k !== '#text');
}
function kids(n: Node): Node[] {
  const t = tag(n);
  return t ? ((n[t] as Node[]) ?? []) : [];
}
function attr(n: Node, a: string): string | undefined {
  return (n[':@'] as Record<string, string> | undefined)?.[a];
}

export function vocabulary(rngText: string): Vocabulary {
  const doc = parser.parse(rngText) as Node[];
  const grammar = doc.find((n) => tag(n) === 'grammar') as Node;
  const defines = new Map<string, Node[]>();
  for (const d of kids(grammar)) {
    if (tag(d) !== 'define') continue;
    const name = attr(d, 'name') as string;
    defines.set(name, [...(defines.get(name) ?? []), ...kids(d)]);
  }
  const children = new Map<string, Set<string>>();
  const attributes = new Map<string, Set<string>>();
  const elementName = (n: Node): string | undefined => attr(n, 'name') ?? (kids(n).find((k) => tag(k) === 'name')?.name as Node[] | undefined)?.map((x) => x['#text']).join('');

  // Collect what one element's content can contain, without entering nested elements.
  const scan = (nodes: Node[], into: { c: Set<string>; a: Set<string> }, seen: Set<string>): void => {
    for (const n of nodes) {
      const t = tag(n);
      if (t === 'element') {
        const name = elementName(n);
        if (name) into.c.add(name);
      } else if (t === 'attribute') {
        const name = elementName(n);
        if (name) into.a.add(name);
      } else if (t === 'ref' || t === 'parentRef') {
        const r = attr(n, 'name') as string;
        if (!seen.has(r)) {
          seen.add(r);
          scan(defines.get(r) ?? [], into, seen);
        }
      } else if (t && t !== 'documentation' && t !== 'pattern' && t !== 'data' && t !== 'value') {
        scan(kids(n), into, seen);
      }
    }
  };
  const visitElements = (nodes: Node[]): void => {
    for (const n of nodes) {
      if (tag(n) === 'element') {
        const name = elementName(n);
        if (name) {
          const into = { c: children.get(name) ?? new Set<string>(), a: attributes.get(name) ?? new Set<string>() };
          scan(kids(n), into, new Set());
          children.set(name, into.c);
          attributes.set(name, into.a);
        }
      }
      visitElements(kids(n));
    }
  };
  for (const body of defines.values()) visitElements(body);
  return { children, attributes };
}
