import { normalize } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { closest } from '../closest.js';
import { TEI_NS, type Source } from '../load/source.js';
import { attributeTokens, expandReferences, localName } from '../load/scan.js';
import { POINTER_ATTRIBUTES } from '../validate/xref.js';
import { checkRegisterClashes } from './clash.js';
import { entriesOf, pointerTarget, prefixDefsOf } from './entries.js';

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
  for (const s of sources) ids.set(normalize(s.file), new Set(s.elements.flatMap((e) => e.attributes.filter((a) => a.name === 'xml:id').map((a) => expandReferences(a.raw)))));
  const out: Diagnostic[] = [];
  for (const s of sources) {
    const defs = prefixDefsOf(s);
    if (defs.length === 0) continue;
    const declared = new Set(defs.map((d) => d.ident));
    for (const el of s.elements) {
      for (const a of el.attributes) {
        if (!POINTER_ATTRIBUTES.has(a.name)) continue;
        for (const { token, offset } of attributeTokens(a)) {
          const prefix = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(token)?.[1];
          if (!prefix || !declared.has(prefix)) continue;
          const target = pointerTarget(token, s, defs);
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
            ...s.lines.position(offset),
            severity: 'error',
            source: 'xref',
            rule: 'pointer-resolves',
            message: `@${a.name} "${token}" on <${el.name}> ${problem}`,
            hint: `${suggestion}Declare the entry in the file the prefixDef "${prefix}" points into (validate that file in the same run), or correct the pointer.`,
          });
        }
      }
    }
  }
  return out;
}

/** The kind of entry a name's @ref must point to: a place for placeName, an org for orgName, a person otherwise. */
const NAME_KINDS: ReadonlyMap<string, string> = new Map([
  ['persName', 'person'],
  ['author', 'person'],
  ['placeName', 'place'],
  ['orgName', 'org'],
]);

/** A kind of entry as a finding names it. */
function what(kind: string): string {
  return kind === 'org' ? 'an organization' : kind === 'personGrp' ? 'a group of persons' : `a ${kind}`;
}

/** Each register file's entries' kinds by id, read once per loaded file (a Source never changes). */
const kindsOf = new WeakMap<Source, Map<string, string>>();

function entryKinds(s: Source): Map<string, string> {
  let kinds = kindsOf.get(s);
  if (!kinds) {
    kinds = new Map(entriesOf(s).map((e) => [e.id, e.kind]));
    kindsOf.set(s, kinds);
  }
  return kinds;
}

/**
 * A name that points into a shared register file (`registers.xml#durham`,
 * `psn:durham`) must point to an entry of its kind, as the edition's rule
 * ref-kind asks of a `#id` in the letter itself: a persName pointing to a
 * place made the person's link lead to the places page (and a sender of
 * that kind a correspondent page for a place). Checked by `validate` over
 * the register files of the run, by the build's check of each letter over
 * the edition's shared register files.
 */
export function checkNameKinds(letter: Source, registers: readonly Source[]): Diagnostic[] {
  if (registers.length === 0) return [];
  const byFile = new Map(registers.map((r) => [normalize(r.file), r]));
  const defs = prefixDefsOf(letter);
  const out: Diagnostic[] = [];
  for (const el of letter.elements) {
    if (el.namespace !== TEI_NS) continue;
    const kind = NAME_KINDS.get(localName(el.name));
    if (!kind) continue;
    const ref = el.attributes.find((a) => a.name === 'ref');
    if (!ref) continue;
    for (const { token, offset } of attributeTokens(ref)) {
      if (token.startsWith('#')) continue; // the edition's rule ref-kind checks these
      const target = pointerTarget(token, letter, defs);
      const register = target?.id !== undefined ? byFile.get(target.file) : undefined;
      const found = register && target?.id !== undefined ? entryKinds(register).get(target.id) : undefined;
      if (found === undefined || found === kind) continue;
      out.push({
        file: letter.file,
        ...letter.lines.position(offset),
        severity: 'error',
        source: 'xref',
        rule: 'ref-kind',
        message: `<${el.name}> points to ${token}, the entry of ${what(found)}, not of ${what(kind)}`,
        hint: `A <${el.name}> points to ${what(kind)} in the register (rs may point to any kind): point it to the one meant, or mark the name up as the kind of entry it names.`,
      });
    }
  }
  return out;
}
