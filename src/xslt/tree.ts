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

const readingTrees = new WeakMap<object, SaxonDocument>();

/**
 * The tree the model and the renderings read: the document with its
 * xi:includes resolved when it has any (Source.resolvedText), else the
 * same tree as treeOf. The checks keep reading treeOf, whose element
 * positions are those of the file as written.
 */
export function readingTreeOf(source: { text: string; resolvedText?: string }): SaxonDocument {
  if (source.resolvedText === undefined) return treeOf(source);
  let tree = readingTrees.get(source);
  if (!tree) {
    tree = parseXml(source.resolvedText);
    readingTrees.set(source, tree);
  }
  return tree;
}
