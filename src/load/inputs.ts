import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { compareText } from '../collate.js';
import { isWithin, realFolder } from '../within.js';

export interface CollectOptions {
  /** The edition folder: links may point anywhere inside it, never out of it (default: the working folder). */
  root?: string;
}


/**
 * Why a path may not be read, or undefined when it may. A symbolic link is
 * followed only when it stays inside the edition folder: a contributed
 * `tei/zz.xml -> /proc/self/environ` (or ~/.ssh/id_rsa) would otherwise be
 * read and echoed as "source lines". Only regular files are read (a FIFO
 * or a device would hang the run or never end).
 */
async function refusal(path: string, root: string, wantDir: boolean): Promise<Diagnostic | undefined> {
  const finding = (rule: string, message: string, hint: string): Diagnostic => ({ file: path, line: 0, column: 0, severity: 'error', source: 'security', rule, message, hint });
  const own = await lstat(path);
  if (own.isSymbolicLink()) {
    let target: string;
    try {
      target = await realpath(path);
    } catch {
      return finding('link-broken', 'a symbolic link that leads nowhere (or in a loop)', 'Replace the link by the file itself.');
    }
    if (!isWithin(target, root)) {
      return finding('link-outside', `a symbolic link to a file outside the edition folder (${root}); it is not followed`, 'Copy the file into the edition folder instead of linking to it.');
    }
  }
  const st = await stat(path);
  if (wantDir ? !st.isDirectory() : !st.isFile()) return finding('not-a-file', 'not a regular file (a device, a pipe or a socket); it is not read', 'Name TEI documents saved as ordinary files.');
  return undefined;
}

/**
 * Whether a document's file name cannot be published: the build copies each
 * letter under its own name (data/, web/downloads/), and a "\\" is a folder
 * separator on Windows and, in URLs, on some servers (the output's paths
 * never hold one: src/write/output.ts).
 */
function unpublishableName(name: string): boolean {
  return name.includes('\\');
}

function unpublishable(file: string, severity: 'error' | 'warning'): Diagnostic {
  const renamed = basename(file).replace(/\\/g, '-');
  return {
    file, line: 0, column: 0, severity, source: 'io', rule: 'file-not-read',
    message: 'not read: a "\\" in a file name cannot be published (it is a folder separator on Windows, and in URLs on some servers)',
    hint: `Rename it to ${renamed} to have it checked and published.`,
  };
}

/**
 * Expands the paths a user named into the XML files to check: a folder
 * stands for the `.xml` files directly inside it, in a stable order.
 */
export async function collectInputs(paths: string[], options: CollectOptions = {}): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const root = await realFolder(options.root ?? '.');
  const named = new Set(paths.map((q) => resolve(q)));
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const accept = async (path: string, wantDir: boolean): Promise<boolean> => {
    const r = await refusal(path, root, wantDir);
    if (r) diagnostics.push(r);
    return !r;
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      const dangling = await lstat(p).then((s) => s.isSymbolicLink(), () => false);
      diagnostics.push(
        dangling
          ? { file: p, line: 0, column: 0, severity: 'error', source: 'security', rule: 'link-broken', message: 'a symbolic link that leads nowhere (or in a loop)', hint: 'Replace the link by the file itself.' }
          : p === '-'
            ? { file: p, line: 0, column: 0, severity: 'error', source: 'io', rule: 'file-not-found', message: 'a document is not read from standard input', hint: 'Name the TEI files (or none, to check every tei/*.xml).' }
          : basename(p) === 'tei'
            ? // The folder every command reads when given no files: most often the command was run outside the edition.
              { file: p, line: 0, column: 0, severity: 'error', source: 'io', rule: 'file-not-found', message: 'no tei/ folder here (the letters\' folder, which every command reads when given no files)', hint: 'Run the command in the edition\'s folder (where edition.json and tei/ are) or below it, name the TEI files, or start an edition with tei-edition init.' }
            : { file: p, line: 0, column: 0, severity: 'error', source: 'io', rule: 'file-not-found', message: 'no such file or folder', hint: 'Check the path; with no arguments every tei/*.xml is checked.' },
      );
      continue;
    }
    if (!isDir) {
      if (unpublishableName(basename(p))) diagnostics.push(unpublishable(p, 'error'));
      else if (await accept(p, false)) files.push(p);
      continue;
    }
    if (!(await accept(p, true))) continue;
    // The folder's entries with their types (readdir's d_type): a regular file needs no lstat and stat of its
    // own (at 1,000 letters, 2,000 round trips through the thread pool, ~0.5 s of a rebuild under load); a
    // link, or an entry whose type the file system does not tell, is looked at as before.
    // Hidden files are an editor's or a system's, never a letter: Emacs's lock of a letter being edited
    // (.#letter.xml, a dangling link), macOS's resource files on a shared drive (._letter.xml).
    let listed: Dirent[];
    try {
      listed = await readdir(p, { withFileTypes: true });
    } catch (e) {
      // A folder that cannot be listed (no read or search permission): a finding, not an internal error.
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      diagnostics.push({ file: p, line: 0, column: 0, severity: 'error', source: 'io', rule: 'file-unreadable', message: `the folder cannot be read (${code}${code === 'EACCES' || code === 'EPERM' ? ': no permission' : ''})`, hint: 'Give yourself read and search permission on the folder (chmod u+rx), or run the command as its owner.' });
      continue;
    }
    const all = listed.filter((e) => !e.name.startsWith('.'));
    // A name the output cannot keep: the letter is left out, with a warning, and the others are built.
    for (const e of all) if (e.name.endsWith('.xml') && unpublishableName(e.name)) diagnostics.push(unpublishable(join(p, e.name), 'warning'));
    const entries = all.filter((e) => e.name.endsWith('.xml') && !unpublishableName(e.name));
    // Letters sorted into folders of their own (tei/1902/) are not read: say so, naming the folder, rather than leave them out unseen.
    for (const e of all) {
      // A folder the run names too is read (and not warned of).
      if (!e.isDirectory() || named.has(resolve(join(p, e.name)))) continue;
      const inside = await readdir(join(p, e.name)).then((ns) => ns.filter((n) => n.endsWith('.xml') && !n.startsWith('.')).length, () => 0);
      if (inside === 0) continue;
      diagnostics.push({
        file: join(p, e.name), line: 0, column: 0, severity: 'warning', source: 'io', rule: 'folder-not-read',
        message: `not read: this folder holds ${inside} .xml file${inside === 1 ? '' : 's'}, and only the .xml files directly in ${p} are read, not those in its folders`,
        // Not "name the folder too": a letter's pointers into the register are relative to its file (registers.xml#id would be ../registers.xml#id from there).
        hint: `Move the letters into ${p} itself: the edition's letters are the files directly in it, and their pointers into the shared register (registers.xml#id) are relative to each letter's file.`,
      });
    }
    // "Letter.XML" (an old system's or Windows' capitals) is not read; say so rather than leave it out unseen.
    for (const e of all) {
      if (e.name.endsWith('.xml') || !e.name.toLowerCase().endsWith('.xml')) continue;
      diagnostics.push({
        file: join(p, e.name), line: 0, column: 0, severity: 'warning', source: 'io', rule: 'file-not-read',
        message: 'not read: documents are the files whose names end in ".xml", in lower case',
        hint: `Rename it to ${e.name.slice(0, -4)}.xml to have it checked and published.`,
      });
    }
    const regular = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const names = entries.map((e) => e.name).sort(compareText);
    if (names.length === 0) {
      diagnostics.push({ file: p, line: 0, column: 0, severity: 'error', source: 'io', rule: 'no-documents', message: 'the folder contains no .xml files', hint: 'Put one TEI document per file in this folder, named *.xml.' });
    }
    for (const n of names) {
      const f = join(p, n);
      if (regular.has(n)) {
        files.push(f);
        continue;
      }
      const ok = await accept(f, false).catch(() => {
        diagnostics.push({ file: f, line: 0, column: 0, severity: 'error', source: 'io', rule: 'file-not-found', message: 'the file went away while it was read', hint: 'Run again.' });
        return false;
      });
      if (ok) files.push(f);
    }
  }
  return { files: [...new Set(files)], diagnostics };
}
