import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * What to watch: whole folders (any `*.xml` in them, as `collectInputs`
 * reads a folder) and single files (a document named on the command line,
 * the settings file, a stylesheet override).
 */
export interface WatchTargets {
  folders: string[];
  files: string[];
}

export interface Watcher {
  close(): void;
}

/**
 * Watches folders, never files: an editor that saves by writing a temporary
 * file and renaming it over the document replaces the file's inode, and a
 * watch on the old inode goes deaf. A folder watch sees both the write and
 * the rename. Node's own `fs.watch` suffices here (inotify on Linux,
 * FSEvents on macOS, ReadDirectoryChangesW on Windows): the inputs are flat
 * folders, so no recursive watch is needed, and no dependency either
 * (chokidar 5 needs Node ≥ 20.19; @parcel/watcher is a native addon).
 *
 * Events are debounced: `onChange` gets every path that changed once the
 * folder has been quiet for `quietMs`, so a burst (temp file, rename,
 * attribute change) gives one rebuild, and the rebuild reads the file only
 * after the editor has finished writing it. `onTouch` hears of each path at
 * once, without the wait (a build running meanwhile may have read it
 * half-way through).
 *
 * `ready` shortens the wait: once the events the system delivered together
 * have been heard (one turn of the event loop), the paths they name are
 * handed on at once when `ready` says each of them is complete now (serve:
 * a letter it knows that reads as well-formed XML, which a half-written
 * file never is). A path that is not ready (a file being written, removed,
 * new, or anything but a letter) waits for the quiet period as before.
 * Events after an early hand-on are a new change: serve skips one whose
 * bytes are those it just showed, so that a burst still gives one rebuild.
 */
export function watchTargets(targets: WatchTargets, onChange: (paths: string[]) => void, quietMs = 25, onTouch?: (path: string) => void, ready?: (path: string) => boolean): Watcher {
  const folders = new Set(targets.folders.map((f) => resolve(f)));
  const files = new Set(targets.files.map((f) => resolve(f)));
  const dirs = new Set([...folders, ...[...files].map((f) => dirname(f))]);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let early: NodeJS.Immediate | undefined;
  // Hidden names are editors' own files (Emacs's .#letter.xml lock, Vim's .letter.xml.swp), never a save of a document.
  const relevant = (path: string): boolean => files.has(path) || (folders.has(dirname(path)) && path.endsWith('.xml') && !basename(path).startsWith('.'));
  const watchers: FSWatcher[] = [];
  for (const dir of dirs) {
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: true }, (_event, name) => {
        // Without a name (some platforms, overflow), anything in the folder may have changed.
        const paths = name ? [join(dir, name.toString())] : [...folders, ...files].filter((p) => p === dir || dirname(p) === dir);
        let hit = false;
        for (const p of paths) if (relevant(p) || p === dir) (hit = true), pending.add(p), onTouch?.(p);
        if (!hit) return;
        clearTimeout(timer);
        timer = setTimeout(flush, quietMs);
        // setImmediate runs after every event of this poll of the system's queue: they are looked at together.
        if (ready) early ??= setImmediate(flushIfReady);
      });
    } catch {
      continue; // a folder that does not exist (yet) is not watched; its files are reported by the build
    }
    w.on('error', () => undefined); // a folder removed while watched: the next build reports its files missing
    watchers.push(w);
  }
  function flushIfReady(): void {
    early = undefined;
    if (pending.size && [...pending].every((p) => ready?.(p))) flush();
  }
  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    const paths = [...pending].sort();
    pending.clear();
    if (paths.length) onChange(paths);
  }
  return {
    close(): void {
      clearTimeout(timer);
      if (early) clearImmediate(early);
      for (const w of watchers) w.close();
    },
  };
}
