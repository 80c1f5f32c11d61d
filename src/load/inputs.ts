import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { compareText } from '../collate.js';

/**
 * Expands the paths a user named into the XML files to check: a folder
 * stands for the `.xml` files directly inside it, in a stable order.
 */
export async function collectInputs(paths: string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      diagnostics.push({ file: p, line: 0, column: 0, severity: 'error', source: 'io', rule: 'file-not-found', message: 'no such file or folder', hint: 'Check the path; with no arguments every tei/*.xml is checked.' });
      continue;
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const names = (await readdir(p)).filter((n) => n.endsWith('.xml')).sort(compareText);
    if (names.length === 0) {
      diagnostics.push({ file: p, line: 0, column: 0, severity: 'error', source: 'io', rule: 'no-documents', message: 'the folder contains no .xml files', hint: 'Put one TEI document per file in this folder, named *.xml.' });
    }
    files.push(...names.map((n) => join(p, n)));
  }
  return { files: [...new Set(files)], diagnostics };
}
