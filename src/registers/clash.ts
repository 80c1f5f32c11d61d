import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { entriesOf, type EntryDefinition } from './entries.js';
import { isRegisterFile } from './kind.js';

/**
 * Register entries are one namespace across the edition: the register
 * pages and the name links know an entry by its id. So the same id defined
 * in two documents must mean the same entry. With the same content (a
 * local copy of an entry) it does; with different content it is an error
 * naming both places, never a silent merge. The same authority URI under
 * two ids (the same person registered twice) is a warning.
 * Within one document, the xml:id and authority checks of the schema and
 * the rules already apply; these checks are about the edition as a whole.
 */
export function checkRegisterClashes(sources: Source[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map<string, EntryDefinition>();
  const byUri = new Map<string, EntryDefinition>();
  // The shared register first: a clash is reported at the letter, the register being the reference.
  const ordered = [...sources.filter(isRegisterFile), ...sources.filter((s) => !isRegisterFile(s))];
  for (const s of ordered) {
    for (const e of entriesOf(s)) {
      const first = byId.get(e.id);
      if (!first) byId.set(e.id, e);
      else if (first.source !== s && first.content !== e.content) {
        const there = place(first);
        out.push({
          ...at(e),
          severity: 'error',
          source: 'xref',
          rule: 'register-id-clash',
          message: `xml:id "${e.id}" names a different ${e.kind} in ${there.file}:${there.line}:${there.column}: one id, two entries`,
          hint: `An id names one entry in the whole edition (the register pages and the name links know entries by id). If both are the same ${e.kind}, keep one entry (the shared register is the place for entries several letters use) and point to it; if not, give this one another id and change its pointers.`,
          notes: [{ ...there, message: `the other "${e.id}" is defined here` }],
        });
      }
      for (const uri of e.authorities) {
        const other = byUri.get(uri);
        if (!other) byUri.set(uri, e);
        else if (other.id !== e.id && other.source !== s) {
          const there = place(other);
          out.push({
            ...at(e),
            severity: 'warning',
            source: 'xref',
            rule: 'register-authority-twice',
            message: `${e.kind} "${e.id}" has the authority id ${uri}, which ${there.file}:${there.line}:${there.column} gives to "${other.id}": the same entity under two ids?`,
            hint: `Two entries with one authority record are usually one entity: keep one (in the shared register) and point every name to it.`,
            notes: [{ ...there, message: `"${other.id}" has ${uri} here` }],
          });
        }
      }
    }
  }
  return out;
}

function place(e: EntryDefinition): { file: string; line: number; column: number } {
  return { file: e.source.file, ...e.source.lines.position(e.idOffset) };
}

function at(e: EntryDefinition): Pick<Diagnostic, 'file' | 'line' | 'column'> {
  return place(e);
}
