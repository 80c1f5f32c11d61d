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
  /** TEI @cert: how certain the encoded date is (high, medium, low, unknown). */
  cert?: string;
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

/**
 * A stretch of a title's text, and whether the TEI marks it up as a name
 * (persName, placeName, orgName, name, rs, roleName, a title in the title,
 * foreign): the words whose capitals a change of case must keep. The runs
 * joined, with white space normalised, are the title's text.
 */
export interface TitleRun {
  text: string;
  name?: boolean;
}

export interface BiblTitle {
  level?: string;
  type?: string;
  text?: string;
  /** Only when the title marks up names (else absent: nothing is known of its proper nouns). */
  runs?: TitleRun[];
}

export interface Bibl {
  text?: string;
  titles?: BiblTitle[];
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

/**
 * Where a manuscript is kept, as its msIdentifier gives it: each field the
 * element's words (the shelfmark the idno typed shelfmark, callNo or
 * signature, else an untyped idno, else the first).
 */
export interface MsIdentifier {
  country?: string;
  region?: string;
  settlement?: string;
  institution?: string;
  repository?: string;
  /** The collection(s), joined with ", ". */
  collection?: string;
  shelfmark?: string;
}

export interface Witness {
  siglum?: string;
  /** Category ids from @ana, e.g. "copy-text", "preferred-citation". */
  roles?: string[];
  label?: string;
  bibl?: Bibl;
  /** The witness's own manuscript description (an msDesc in the witness). */
  msIdentifier?: MsIdentifier;
  note?: string;
}

/** What xslt/model.xsl returns for one document. */
export interface HeaderRecord {
  xmlId?: string;
  lang?: string;
  title?: string;
  /** The main title's runs, when it marks up names. */
  titleRuns?: TitleRun[];
  /** The main title's own xml:lang, when it has one (a letter's French title in a header written in English). */
  titleLang?: string;
  subtitle?: string;
  subtitleRuns?: TitleRun[];
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
  /** Each manuscript the sourceDesc describes (msDesc), its fields in words: "Repository: BAR. Shelfmark: J I.67". */
  manuscripts?: string[];
  /** Where the letter is kept: the msIdentifier of the sourceDesc's first msDesc (its own, else a witness's). */
  msIdentifier?: MsIdentifier;
  sender?: Correspondent;
  recipient?: Correspondent;
  /**
   * The letters the header's other correspDescs describe (an anthology of
   * letters in one document, or letters embedded in this one), each with its
   * xml:id: CMIF lists each; the page, the citations and the registers of
   * correspondents read the first correspDesc (sender, recipient).
   */
  otherCorrespondence?: { id?: string; sender?: Correspondent; recipient?: Correspondent }[];
  /**
   * When the document was made, as far as the header and text say apart from
   * correspDesc: profileDesc/creation/date, else a publicationStmt date
   * typed "created" (the Office of the Historian's, beside the date it was
   * "posted"), else the text's first dateline (its date element, else its
   * words). What a document
   * without a dated correspDesc is ordered and cited by (model/dates.ts documentDate).
   */
  created?: DateValue;
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
