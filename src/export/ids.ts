/**
 * Stable absolute identifiers of the edition and its documents, shared by
 * every output that names them (the pages' JSON-LD, edition.jsonld,
 * cmif.xml): URLs under the base URL when there is one; otherwise
 * `urn:uuid:` URNs (RFC 4122 name-based, version 5), derived from the
 * edition's name and the document's id, so the same sources give the same
 * ids in every build and on every path, and two editions with a letter of
 * the same id do not share it.
 */
import { createHash } from 'node:crypto';
import type { DocumentModel } from '../model/types.js';
import type { EditionSettings } from '../settings/types.js';
import { documentUrl } from '../cite/record.js';

/** The namespace of this toolkit's name-based UUIDs (a random v4 UUID, fixed once). */
const NAMESPACE = '8f0e6c1d-5b43-4a8e-9a55-2c7d1e9b0f36';

/** RFC 4122 version-5 UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface IdOptions {
  baseUrl?: string;
  edition?: EditionSettings;
}

/**
 * What names the edition when there is no base URL: its identifier, else
 * its title in the settings, else the publisher the documents' headers
 * give (the same for every document of an edition).
 */
function editionName(options: IdOptions, model: DocumentModel | undefined): string {
  return options.edition?.identifier ?? options.edition?.title ?? model?.publisher ?? '';
}

function base(options: IdOptions): string | undefined {
  const b = options.baseUrl || options.edition?.baseUrl;
  return b ? b.replace(/\/+$/, '') : undefined;
}

/** The edition's id: its home URL, an identifier that is a URI, or a urn:uuid. */
export function editionId(options: IdOptions, model?: DocumentModel): string {
  const b = base(options);
  if (b) return `${b}/`;
  const identifier = options.edition?.identifier;
  if (identifier && /^[a-z][a-z0-9+.-]*:\S+$/i.test(identifier)) return identifier;
  return `urn:uuid:${uuidV5(`edition\u0000${editionName(options, model)}`)}`;
}

/** A document's id: its page URL, or a urn:uuid of the edition's name and the document id. */
export function documentId(model: DocumentModel, options: IdOptions): string {
  return documentUrl(base(options), model.id) ?? `urn:uuid:${uuidV5(`document\u0000${editionName(options, model)}\u0000${model.id}`)}`;
}

/** Where cmif.xml is published: its URL, or a urn:uuid that names the file. */
export function cmifId(options: IdOptions, path: string, model?: DocumentModel): string {
  const b = base(options);
  return b ? `${b}/${path}` : `urn:uuid:${uuidV5(`cmif\u0000${editionName(options, model)}`)}`;
}
