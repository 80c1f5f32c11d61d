/**
 * Small, safe HTML building blocks for the pages TypeScript assembles.
 * Every value that comes from a document goes through `esc` (text and
 * attribute values alike); fragments rendered by XSLT are already markup
 * and are inserted as they are.
 */

import { neutraliseText } from '../controls.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: string | number | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** A URL for an href/src from outside the edition: only http(s) and mailto, else nothing. */
export function safeExternalUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const u = url.trim();
  return /^(https?:\/\/|mailto:)[^\s"'<>]+$/i.test(u) ? u : undefined;
}

/** The URL of a page relative to the web root, with a base URL when one is configured. */
export function absoluteUrl(baseUrl: string | undefined, path: string): string | undefined {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/${path}` : undefined;
}

/** Content-Security-Policy of every page: its own files only, nothing inline but data blocks. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'";

export interface PageOptions {
  title: string;
  /** Path from this page to the web root, '' or '../'. */
  root: string;
  lang?: string;
  /** Extra elements for <head> (metadata), already escaped. */
  head?: string;
  /** The page's main content. */
  main: string;
  /** Which top navigation item is current. */
  current?: 'home' | 'about' | 'person' | 'place' | 'org' | 'document' | 'correspondents' | 'search';
  editionTitle: string;
  /** More scripts of the site for this page (paths from the web root), after edition.js. */
  scripts?: string[];
}

const NAV: { key: PageOptions['current']; href: string; label: string }[] = [
  { key: 'home', href: 'index.html', label: 'Letters' },
  { key: 'correspondents', href: 'correspondents.html', label: 'Correspondents' },
  { key: 'search', href: 'search.html', label: 'Search' },
  { key: 'person', href: 'register/persons.html', label: 'Persons' },
  { key: 'place', href: 'register/places.html', label: 'Places' },
  { key: 'org', href: 'register/organizations.html', label: 'Organizations' },
  { key: 'about', href: 'about.html', label: 'About this edition' },
];

export function page(o: PageOptions): string {
  const [head, tail] = pageFrame(o);
  return `${head}${o.main}${tail}`;
}

/**
 * A page without its main content: what comes before and after it. A page of the whole edition (a
 * register of thousands of letters) is written in parts, its content never held whole (see pages.ts).
 */
export function pageFrame(o: Omit<PageOptions, 'main'>): [string, string] {
  const nav = NAV.map((n) => `<li><a href="${o.root}${n.href}"${n.key === o.current ? ' aria-current="page"' : ''}>${esc(n.label)}</a></li>`).join('');
  return [
    `<!DOCTYPE html>
<html lang="${esc(o.lang || 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${esc(neutraliseText(o.title))}</title>
<link rel="stylesheet" href="${o.root}assets/edition.css">
<link rel="icon" href="${o.root}assets/icon.svg" type="image/svg+xml">
<script src="${o.root}assets/edition.js" defer></script>
${(o.scripts ?? []).map((src) => `<script src="${o.root}${esc(src)}" defer></script>\n`).join('')}${o.head ?? ''}</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<p class="site-title"><a href="${o.root}index.html">${esc(o.editionTitle)}</a></p>
<nav aria-label="Edition"><ul>${nav}</ul></nav>
</header>
<main id="main" tabindex="-1">
`,
    `
</main>
<footer class="site-footer">
<p>${esc(o.editionTitle)}. Built with tei-edition; works offline, no data leaves this page.</p>
</footer>
</body>
</html>
`,
  ];
}
