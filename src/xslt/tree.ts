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

/**
 * The tree of a document for one use only: the shared tree when a stage
 * already parsed it, else a tree that is not kept. The check of many
 * documents (validate holds every Source to its end) would otherwise keep
 * every tree alive with its Source: at 1,000 letters the collector copied
 * and promoted them at every young-generation collection (a quarter of
 * validate's CPU).
 */
export function transientTreeOf(source: { text: string }): SaxonDocument {
  return trees.get(source) ?? parseXml(source.text);
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
