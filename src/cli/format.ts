import type { Diagnostic, Severity } from '../diagnostic.js';

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  ms: number;
}

export function summarize(files: number, diagnostics: Diagnostic[], ms: number): Summary {
  const count = (s: Severity): number => diagnostics.filter((d) => d.severity === s).length;
  return { files, errors: count('error'), warnings: count('warning'), infos: count('info'), ms: Math.round(ms) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(s: Summary): string {
  const time = s.ms >= 1000 ? `${(s.ms / 1000).toFixed(2)} s` : `${s.ms} ms`;
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.infos) counts.push(plural(s.infos, 'note'));
  const mark = s.errors ? '✖' : '✔';
  return `${mark} ${plural(s.files, 'file')} checked: ${counts.join(', ')} (${time})`;
}

/** `file:line:col` as editors and terminals recognise it. */
export function place(d: Diagnostic): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.column || 1}` : d.file;
}

/**
 * Findings for people: grouped by file; each finding starts with
 * `file:line:col severity rule message`, then the offending source line
 * with a caret under the column, then the hint.
 */
export function formatHuman(diagnostics: Diagnostic[], lineText: (file: string, line: number) => string | undefined, color: boolean): string {
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36' };
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const out: string[] = [];
  for (const [file, ds] of byFile) {
    out.push(paint('1;4', file));
    for (const d of ds) {
      out.push(`${place(d)} ${paint(sevColor[d.severity], d.severity)} ${paint('2', d.rule)} ${d.message}`);
      const text = d.line > 0 ? lineText(file, d.line) : undefined;
      if (text !== undefined) {
        const col = Math.max(1, d.column);
        // Tabs are kept so the caret lines up under the same characters.
        const pad = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
        out.push(`  │ ${text.replace(/\s+$/, '')}`);
        out.push(`  │ ${pad}${paint(sevColor[d.severity], '^')}`);
      }
      for (const n of d.notes ?? []) out.push(`  ${paint('36', 'note:')} ${n.line > 0 ? `${n.file}:${n.line}:${n.column || 1}` : n.file} ${n.message}`);
      if (d.hint) out.push(`  ${paint('2', 'fix:')} ${d.hint}`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function formatJson(diagnostics: Diagnostic[], summary: Summary): string {
  return JSON.stringify({ summary, diagnostics }, null, 2);
}
