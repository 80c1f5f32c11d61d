import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { outFinding } from './errors.js';
import { STAMP } from './output.js';
import { isWithin } from '../within.js';

export interface OutGuardContext {
  /** The files and folders the build reads. */
  inputs: readonly string[];
  /** The settings file (edition.json), if the build reads one. */
  settingsFile?: string;
  /** The working folder (default: process.cwd()). */
  cwd?: string;
  /** The edition folder (where edition.json is), when it is not the working folder. */
  editionRoot?: string;
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The folders above p, up to (not including) stop or the root: none when p is not below stop. */
function ancestors(p: string, stop: string): string[] {
  const out: string[] = [];
  if (!isWithin(p, stop)) return out;
  for (let a = dirname(p); a !== stop && a !== dirname(a); a = dirname(a)) out.push(a);
  return out;
}

/** The real path of p, or of its nearest existing ancestor joined with the rest. */
function real(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(real(parent), basename(abs));
  }
}

/**
 * A build replaces its output folder as a whole, so the folder must not be
 * one that holds anything of the user's: the sources, the settings, a git
 * repository, the project folder itself (or one above it). Checked on the
 * names before anything is read or written; output.ts then refuses any
 * existing folder that the toolkit did not create.
 */
export function checkOutDir(outDir: string, context: OutGuardContext): Diagnostic[] {
  const out = real(outDir);
  const cwd = real(context.cwd ?? process.cwd());
  const findings: Diagnostic[] = [];
  const refuse = (rule: string, message: string): void => {
    findings.push(outFinding(outDir, rule, message, 'Choose an output folder of its own, e.g. --out dist (the default): the build replaces it as a whole.'));
  };
  if (context.editionRoot && real(context.editionRoot) !== cwd && isWithin(real(context.editionRoot), out)) refuse('out-contains-project', `the output folder ${outDir} contains the edition folder ${real(context.editionRoot)}, which a build would replace`);
  if (isWithin(cwd, out)) refuse('out-contains-project', `the output folder ${outDir} ${out === cwd ? 'is' : 'contains'} the project folder ${cwd}, which a build would replace`);
  for (const input of context.inputs) {
    const p = real(input);
    if (isWithin(p, out)) refuse('out-contains-inputs', `the output folder ${outDir} ${p === out ? 'is' : 'contains'} the input ${input}, which a build would delete`);
    // Inside the letters' folder (tei/sub): the output's TEI copies would lie among the sources, be committed with them, and be read as letters by a run that names the folder.
    else if (isWithin(out, p) && isFolder(p)) refuse('out-in-inputs', `the output folder ${outDir} lies inside the input folder ${input}, among the documents`);
  }
  // Inside another output's versions (.dist.versions/3): the build would make a version of a version, and the other output's link would lead into it.
  // As named: the default output is itself a link into its versions, which it may be.
  // Only the segments below the working folder: a project that itself lies in a folder so named is not refused.
  if (relative(context.cwd ?? process.cwd(), resolve(outDir)).split(sep).some((part) => /^\..+\.versions$/.test(part))) refuse('out-in-versions', `the output folder ${outDir} lies inside the versions of another output (a .versions folder): name that output's link instead (e.g. --out dist)`);
  // Inside an output, reached through its link (dist/extra is .dist.versions/2/extra) or inside a stamped output folder:
  // an output nested in another, which the other's next build drops.
  const below = relative(cwd, out).split(sep);
  const versions = below.findIndex((part) => /^\..+\.versions$/.test(part));
  const stamped = ancestors(out, cwd).some((a) => existsSync(join(a, STAMP)));
  if ((versions >= 0 && below.length - versions > 2) || stamped) refuse('out-in-output', `the output folder ${outDir} lies inside another output of tei-edition, whose next build would drop it`);
  // The names a build gives its own files beside an output (output.ts: layoutOf, cleanLeftovers): the lock, and the
  // temporary links and folders of a switch, which the build of that output removes as left over (its versions
  // folder, and the staging folders in it, are refused above). --out .dist.lock would be removed as a stale lock
  // by the next build of dist, its own versions left behind.
  const own = /^\.(.+)\.(?:lock|(?:tmp|old|link)-.+)$/s.exec(basename(out));
  if (own) refuse('out-reserved-name', `the output folder ${outDir} has a name the build of the output ${own[1]} gives its own files (.${own[1]}.lock, .${own[1]}.versions and temporary .${own[1]}.tmp-…, .old-…, .link-…), which that build removes as left over`);
  if (context.settingsFile && existsSync(context.settingsFile) && isWithin(real(context.settingsFile), out)) {
    refuse('out-contains-settings', `the output folder ${outDir} contains the settings file ${context.settingsFile}, which a build would delete`);
  }
  if (existsSync(join(out, '.git'))) refuse('out-contains-git', `the output folder ${outDir} holds a git repository (.git), which a build would delete`);
  if (out.split(sep).includes('.git')) refuse('out-in-git', `the output folder ${outDir} lies inside a .git folder`);
  return findings;
}
