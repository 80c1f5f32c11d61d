/**
 * The edition's own settings (edition.json): what the site, the exports,
 * the citations of the edition and the book say about the edition as a
 * whole. Read and checked by src/settings/ (the reader comes with the
 * edition-project work); every consumer takes this type, never the raw JSON.
 * Absent facts are absent keys: consumers fall back to the documents'
 * headers only where the settings say nothing (with a warning).
 */

export interface EditorSetting {
  name: string;
  /** ORCID iD as a URL (https://orcid.org/0000-…); edition.json may give it bare, the reader makes it a URL. */
  orcid?: string;
  /** Other authority ids (VIAF, GND, Wikidata …) as URLs. */
  ids?: string[];
  /** e.g. "editor", "encoder"; default "editor". */
  role?: string;
}

export interface LicenceSetting {
  /** The licence's URL (e.g. https://creativecommons.org/licenses/by/4.0/). */
  url: string;
  /** Its name as people read it (e.g. "CC BY 4.0"). */
  name?: string;
  /** What it applies to, when there are several (e.g. "text", "images"). */
  appliesTo?: string;
}

export interface EditionSettings {
  title?: string;
  subtitle?: string;
  editors?: EditorSetting[];
  publisher?: string;
  pubPlace?: string;
  /** Absolute http(s) URL the web edition is published at. */
  baseUrl?: string;
  licences?: LicenceSetting[];
  /** BCP 47 tag of the edition's own language (apparatus, site). */
  language?: string;
  paper?: 'letter' | 'a4';
  /** The introduction: Markdown-free plain paragraphs separated by blank lines. */
  introduction?: string;
  /** Year or ISO date of the edition's publication (its own date, not the letters'). */
  date?: string;
  /** A stable identifier of the edition (DOI, URN, URL). */
  identifier?: string;
  /** Page ranges in the volume's indexes: "12–14" (explicit, the default) or "12 ff." / "12 f." (f-ff). */
  indexRanges?: 'explicit' | 'f-ff';
  /** The volume (print/edition.pdf, .epub): true always, false never; absent: made of 2 to 100 letters (build/index.ts VOLUME_AUTO_MAX). */
  volume?: boolean;
  /** How the dates the toolkit writes read: "November 4, 1956" (month-day-year, the default) or "4 November 1956" (day-month-year). */
  dateStyle?: DateStyle;
  /**
   * Font files of the edition (.otf, .ttf, .ttc; paths from the edition
   * folder, inside it) that the print edition uses after its own fonts, for
   * the characters those lack (CJK, Thai, Arabic …): render/typst-fonts.ts.
   */
  printFonts?: string[];
}

/**
 * The order of the dates the toolkit writes for readers (page headers,
 * lists, plain text, print, the volume): "March 14, 1851" or "14 March
 * 1851"; a month alone is "March 1851" either way. A date a header gives in
 * words is shown in its words; citations follow their manuals (src/cite/).
 */
export type DateStyle = 'month-day-year' | 'day-month-year';

/** The date style of an edition that sets none: the toolkit's dates as they always were. */
export const DEFAULT_DATE_STYLE: DateStyle = 'month-day-year';
