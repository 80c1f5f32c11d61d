import type { JsonNode } from './json.js';
import { closest } from '../closest.js';

/**
 * Checks a JSON value against the JSON Schema shipped in
 * schemas/edition.schema.json, so that the schema editors get completion
 * from and the checks the toolkit runs are one fact in one place. Only the
 * keywords that schema uses are understood (type, enum, properties,
 * additionalProperties: false, required, items, pattern, minLength, $ref to
 * #/$defs); a keyword it does not know is a bug of ours, reported as such.
 */

export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean;
  required?: string[];
  items?: SchemaNode;
  pattern?: string;
  minLength?: number;
  $ref?: string;
  description?: string;
}

export interface RootSchema extends SchemaNode {
  $defs?: Record<string, SchemaNode>;
}

export interface SchemaProblem {
  offset: number;
  rule: 'settings-unknown-key' | 'settings-type' | 'settings-value' | 'settings-required';
  message: string;
  hint?: string;
}

const KNOWN = new Set(['$schema', 'title', 'description', 'type', 'enum', 'properties', 'additionalProperties', 'required', 'items', 'pattern', 'minLength', '$ref', '$defs']);

/** The keywords of the schema that this checker does not implement (to be empty: tested). */
export function unsupportedKeywords(schema: RootSchema): string[] {
  const out = new Set<string>();
  const walk = (s: SchemaNode): void => {
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) out.add(k);
    for (const p of Object.values(s.properties ?? {})) walk(p);
    if (s.items) walk(s.items);
  };
  walk(schema);
  for (const d of Object.values(schema.$defs ?? {})) walk(d);
  return [...out];
}

const article = (t: string): string => (/^[aeio]/.test(t) ? `an ${t}` : `a ${t}`);

function kindOf(node: JsonNode): string {
  if (node.kind === 'array') return 'list';
  if (node.kind === 'number') return Number.isInteger(node.value) ? 'integer' : 'number';
  return node.kind;
}

function typeName(t: string): string {
  return t === 'array' ? 'list' : t;
}

/** False for an ISO date (YYYY-MM-DD) that names no day (2026-02-30); true for anything else. */
function calendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(2000, mo - 1, d));
  day.setUTCFullYear(y);
  return day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

export function checkAgainstSchema(node: JsonNode, root: RootSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const resolve = (s: SchemaNode): SchemaNode => {
    if (!s.$ref) return s;
    const name = /^#\/\$defs\/(.+)$/.exec(s.$ref)?.[1];
    const target = name ? root.$defs?.[name] : undefined;
    if (!target) throw new Error(`edition.schema.json: unresolved $ref ${s.$ref}`);
    return target;
  };
  const check = (n: JsonNode, schema: SchemaNode, path: string): void => {
    const s = resolve(schema);
    const about = s.description ? ` ${s.description}` : '';
    if (s.type) {
      const actual = kindOf(n);
      const ok = s.type === actual || (s.type === 'number' && actual === 'integer') || (s.type === 'array' && n.kind === 'array');
      if (!ok) {
        problems.push({ offset: n.offset, rule: 'settings-type', message: `${path} must be ${article(typeName(s.type))}, not ${article(actual)}`, hint: about.trim() || undefined });
        return;
      }
    }
    if (s.enum && !s.enum.some((v) => n.kind !== 'object' && n.kind !== 'array' && (n.kind === 'null' ? v === null : v === n.value))) {
      problems.push({ offset: n.offset, rule: 'settings-value', message: `${path} must be one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`, hint: about.trim() || undefined });
      return;
    }
    if (n.kind === 'string') {
      if (s.minLength !== undefined && n.value.trim().length < s.minLength) problems.push({ offset: n.offset, rule: 'settings-value', message: `${path} is empty`, hint: `Give it a value or leave the key out.${about}` });
      else if (s.pattern && !new RegExp(s.pattern, 'u').test(n.value)) problems.push({ offset: n.offset, rule: 'settings-value', message: `${path} ${JSON.stringify(n.value)} is not in the expected form`, hint: about.trim() || undefined });
      // A pattern cannot tell 2026-02-30 from a day of the calendar (CMIF would publish it as an xsd:dateTime).
      else if (s.pattern && !calendarDay(n.value)) problems.push({ offset: n.offset, rule: 'settings-value', message: `${path} ${JSON.stringify(n.value)} is no day of the calendar`, hint: about.trim() || undefined });
    }
    if (n.kind === 'array' && s.items) for (const [i, item] of n.items.entries()) check(item, s.items, `${path}[${i}]`);
    if (n.kind === 'object') {
      const props = s.properties ?? {};
      for (const e of n.entries) {
        const sub = props[e.key];
        if (sub) check(e.value, sub, path === '' ? `"${e.key}"` : `${path}.${e.key}`);
        else if (s.additionalProperties === false) {
          const guess = closest(e.key, Object.keys(props));
          problems.push({
            offset: e.keyOffset,
            rule: 'settings-unknown-key',
            message: `unknown setting "${e.key}"${path ? ` in ${path}` : ''}`,
            hint: guess ? `Did you mean "${guess}"? ` + `Known here: ${Object.keys(props).join(', ')}.` : `Known here: ${Object.keys(props).join(', ')}.`,
          });
        }
      }
      for (const r of s.required ?? []) {
        if (!n.entries.some((e) => e.key === r)) problems.push({ offset: n.offset, rule: 'settings-required', message: `${path || 'the settings'} must have "${r}"`, hint: resolve(props[r] ?? {}).description });
      }
    }
  };
  check(node, root, '');
  return problems;
}
