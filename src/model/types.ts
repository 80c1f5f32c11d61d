/**
 * The typed record of one document, read from its teiHeader and registers
 * (xslt/model.xsl). Citations, page metadata and exports read only this.
 * Absent facts are absent keys: nothing here is ever invented or defaulted.
 */

export interface DateValue {
  when?: string;
  notBefore?: string;
  notAfter?: string;
  from?: string;
  to?: string;
  /** The date as written in the source, if any. */
  text?: string;
}

export interface Idno {
  type: string;
  value: string;
}

export interface RegisterEntry {
  id: string;
  kind: 'person' | 'place' | 'org';
  name?: string;
  forenames?: string[];
  surname?: string;
  variants?: string[];
  birth?: string;
  death?: string;
  occupation?: string[];
  note?: string;
  idnos?: Idno[];
}

export interface Agent {
  name?: string;
  /** The pointer as written, e.g. "#eisenhower". */
  ref?: string;
  kind: 'person' | 'org';
  /** The register entry the pointer resolves to in this document. */
  entry?: RegisterEntry;
}

export interface Correspondent {
  agents?: Agent[];
  place?: string;
  placeRef?: string;
  date?: DateValue;
}

export interface BiblScope {
  unit?: string;
  from?: string;
  to?: string;
  text?: string;
}

export interface Bibl {
  text?: string;
  titles?: { level?: string; type?: string; text?: string }[];
  authors?: string[];
  editors?: { name?: string; role?: string }[];
  scopes?: BiblScope[];
  date?: DateValue;
  publisher?: string;
  pubPlace?: string;
  series?: { title?: string; scopes?: BiblScope[] };
  urls?: string[];
  idnos?: Idno[];
}

export interface Witness {
  siglum?: string;
  /** Category ids from @ana, e.g. "copy-text", "preferred-citation". */
  roles?: string[];
  label?: string;
  bibl?: Bibl;
  note?: string;
}

/** What xslt/model.xsl returns for one document. */
export interface HeaderRecord {
  xmlId?: string;
  lang?: string;
  title?: string;
  subtitle?: string;
  authors?: Agent[];
  respStmts?: { id?: string; resp?: string; names?: string[] }[];
  editors?: { name?: string; role?: string }[];
  publisher?: string;
  pubPlace?: string;
  publicationDate?: string;
  idno?: string;
  licences?: { target?: string; text?: string }[];
  witnesses?: Witness[];
  sources?: Bibl[];
  sender?: Correspondent;
  recipient?: Correspondent;
  released?: string;
  keywords?: string[];
  abstract?: string;
  languages?: string[];
  projectDescription?: string;
  changes?: { when?: string; text?: string }[];
  registers: { person?: RegisterEntry[]; place?: RegisterEntry[]; org?: RegisterEntry[] };
}

/** One document of the edition. */
export interface DocumentModel extends HeaderRecord {
  /** Stable id: TEI/@xml:id, else the file's base name (file-safe, bounded: see documentId). Names pages and files. */
  id: string;
  /** The TEI file it was read from. */
  file: string;
}
