/**
 * Deterministic JSON for generated files: object keys sorted at every
 * level (arrays keep their order), two-space indent. The same model always
 * gives the same bytes, so builds can be compared and cached. String values
 * are neutralised (src/controls.ts): JSON escapes C0 controls but passes C1
 * controls and bidi overrides through to whatever displays the value.
 */
import { neutraliseText } from '../controls.js';

/** JSON with object keys sorted at every level (arrays keep their order). */
export function stableStringify(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (typeof value === 'string') return neutraliseText(value);
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as Record<string, unknown>).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
