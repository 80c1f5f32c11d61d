import { parseXml, type SaxonDocument } from './transform.js';

const trees = new WeakMap<object, SaxonDocument>();

/**
 * The SaxonJS tree of a loaded document, parsed once and shared by every
 * stage that runs a stylesheet on it (rules, model, rendering).
 */
export function treeOf(source: { text: string }): SaxonDocument {
  let tree = trees.get(source);
  if (!tree) {
    tree = parseXml(source.text);
    trees.set(source, tree);
  }
  return tree;
}
