/**
 * Loads SaxonJS with one change to how it starts a transform.
 *
 * At every `transform` call SaxonJS builds a new dynamic context, and to
 * find the stylesheet's packages and its global-context-item declaration it
 * walks the whole compiled stylesheet (SEF) three times, node by node,
 * looking for nodes named "package" (twice) and "glob". For the HTML
 * stylesheet that is ~6 ms of CPU per call whatever the document (measured
 * on an empty document: 12.9 ms a call, 6.2-7.9 ms without the walks), about
 * half of what a short letter's page costs; each letter runs six transforms.
 * The nodes found depend only on the SEF, which SaxonJS never restructures
 * once loaded (it adds properties to nodes, never children), so the walk is
 * made once per SEF and name and its result, in the same order, is what
 * every later call visits. Everything else the context holds (global
 * variables' values, parameters, keys' indexes) is still built afresh.
 *
 * The change is made to the text of SaxonJS's Node bundle before it is
 * compiled (the function is internal: no hook reaches it). Where the text
 * is not found exactly once (another saxon-js version), SaxonJS is loaded
 * unchanged: slower, never wrong. `saxonStartMemoized` says which.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';

/** SaxonJS 2.7's walk of the stylesheet tree for nodes named X, calling V on each. */
const WALK = 'function L(X,V){H(x,X,V)}';
/** The same, made once per stylesheet (x) and name (X); `sefWalks` is a WeakMap given to the module. */
const KEPT_WALK = 'function L(X,V){let c=sefWalks.get(x);c||sefWalks.set(x,c={});let n=c[X];if(!n){n=c[X]=[];H(x,X,Y=>n.push(Y))}n.forEach(V)}';

/** Whether the SaxonJS loaded in this thread walks each stylesheet once (false: the bundle's text was not as expected). */
export let saxonStartMemoized = false;

/** Loads saxon-js as `require(name)` would, with the walk kept (see above) when its bundle has the expected text. */
export function loadSaxonModule(requireFrom: NodeJS.Require, name = 'saxon-js'): unknown {
  const file = requireFrom.resolve(name);
  const cached = requireFrom.cache[file];
  if (cached) return cached.exports;
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(WALK);
  if (at < 0 || text.indexOf(WALK, at + 1) >= 0) return requireFrom(name);
  const patched = text.slice(0, at) + KEPT_WALK + text.slice(at + WALK.length);
  const module = { exports: {} as unknown };
  const body = compileFunction(patched, ['exports', 'require', 'module', '__filename', '__dirname', 'sefWalks'], { filename: file });
  body.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), new WeakMap());
  saxonStartMemoized = true;
  return module.exports;
}
