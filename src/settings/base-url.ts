/**
 * The web edition's address (`--base-url`, edition.json's `baseUrl`): an
 * absolute http(s) URL without a query or a fragment, because the pages'
 * addresses are made by appending paths to it ("documents/<id>.html"): a
 * query or fragment would swallow them (`https://ex.org/ed#top/documents/…`).
 * edition.schema.json's pattern is the same rule (tests/unit/base-url.test.ts).
 */
export const BASE_URL_PATTERN = '^https?://[^\\s?#]+$';

const pattern = new RegExp(BASE_URL_PATTERN, 'u');

/** Why `url` cannot be the edition's address, or undefined when it can. */
export function baseUrlProblem(url: string): string | undefined {
  if (pattern.test(url)) return undefined;
  if (/^https?:\/\/\S+$/u.test(url)) return `must not have a query or fragment (the pages' paths are appended to it), not "${url}"`;
  return `must be an http(s) URL, not "${url}"`;
}
