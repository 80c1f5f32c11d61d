import { normalize } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { closest } from '../closest.js';
import type { Source } from '../load/source.js';
import { POINTER_ATTRIBUTES } from '../validate/xref.js';
import { checkRegisterClashes } from './clash.js';
import { pointerTarget, prefixDefsOf } from './entries.js';

/**
 * The edition-level checks of the registers, run with the cross-references:
 * id clashes and doubled authority ids across documents, and pointers with
 * a prefix the document declares (psn:whitcombe), which the cross-reference
 * check leaves alone as URIs of another scheme.
 */
export function checkEditionRegisters(sources: Source[]): Diagnostic[] {
  return [...checkRegisterClashes(sources), ...checkPrefixedPointers(sources)];
}

export function checkPrefixedPointers(sources: Source[]): Diagnostic[] {
  const ids = new Map<string, Set<string>>();
  for (const s of sources) ids.set(normalize(s.file), new Set(s.elements.flatMap((e) => e.attributes.filter((a) => a.name === 'xml:id').map((a) => a.raw))));
  const out: Diagnostic[] = [];
  for (const s of sources) {
    const defs = prefixDefsOf(s);
    if (defs.length === 0) continue;
    const declared = new Set(defs.map((d) => d.ident));
    for (const el of s.elements) {
      for (const a of el.attributes) {
        if (!POINTER_ATTRIBUTES.has(a.name)) continue;
        for (const m of a.raw.matchAll(/\S+/g)) {
          const prefix = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(m[0])?.[1];
          if (!prefix || !declared.has(prefix)) continue;
          const target = pointerTarget(m[0], s, defs);
          const problem = !target
            ? `does not match the pattern of prefixDef "${prefix}"`
            : !ids.has(target.file)
              ? `expands to ${target.expanded}, which points into a file that is not a document of this run`
              : target.id !== undefined && !ids.get(target.file)?.has(target.id)
                ? `expands to ${target.expanded}, where no element has xml:id "${target.id}"`
                : undefined;
          if (!problem) continue;
          // The nearest id of the file it points into, written the same way (when the prefix expands it to that id).
          const known = target?.id !== undefined ? ids.get(target.file) : undefined;
          const near = known && target?.id !== undefined ? closest(target.id, [...known]) : undefined;
          const candidate = near === undefined ? undefined : `${prefix}:${near}`;
          const again = candidate === undefined ? undefined : pointerTarget(candidate, s, defs);
          const suggestion = candidate !== undefined && again?.file === target?.file && again?.id === near ? `Did you mean ${candidate}? ` : '';
          out.push({
            file: s.file,
            ...s.lines.position(a.valueOffset + (m.index ?? 0)),
            severity: 'error',
            source: 'xref',
            rule: 'pointer-resolves',
            message: `@${a.name} "${m[0]}" on <${el.name}> ${problem}`,
            hint: `${suggestion}Declare the entry in the file the prefixDef "${prefix}" points into (validate that file in the same run), or correct the pointer.`,
          });
        }
      }
    }
  }
  return out;
}
