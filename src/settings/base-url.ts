/**
 * The web edition's address (`--base-url`, edition.json's `baseUrl`): an
 * absolute http(s) URL without a query or a fragment, because the pages'
 * addresses are made by appending paths to it ("documents/<id>.html"): a
 * query or fragment would swallow them (`https://ex.org/ed#top/documents/…`).
 * edition.schema.json's pattern is the same rule (tests/unit/base-url.test.ts).
 */
export const BASE_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://(?:[^\\s"<>\\\\^`{|}?#%]|%[0-9A-Fa-f]{2})+$';

const pattern = new RegExp(BASE_URL_PATTERN, 'u');

/**
 * Why `url` cannot be the edition's address, or undefined when it can. The scheme in any case (HTTPS://
 * is http(s) too); no character a URL must escape (", <, >, \, ^, `, {, |, }, blanks: they went as they
 * were into RIS, BibTeX, CMIF and og:url), and a % only as an escape (%20, not %zz).
 */
export function baseUrlProblem(url: string): string | undefined {
  if (pattern.test(url)) return undefined;
  if (!/^https?:\/\/\S/iu.test(url)) return `must be an http(s) URL, not "${url}"`;
  if (/[?#]/.test(url)) return `must not have a query or fragment (the pages' paths are appended to it), not "${url}"`;
  return `must be a URL as written in a link: write its special characters escaped (a space as %20, " as %22, < as %3C; a % only before two hex digits), not "${url}"`;
}

/** The address as the outputs write it: the scheme in lower case (HTTPS://EX.ORG/ed/ → https://EX.ORG/ed/), the rest as given. */
export function normaliseBaseUrl(url: string): string {
  return url.replace(/^https?:/i, (scheme) => scheme.toLowerCase());
}
