import type { CitationsIndex } from '../export/files.js';
import { esc } from './html.js';

/**
 * The "Cite this" box of a document page, from the same citations.json that
 * dist/cite/ holds: Chicago, MLA and APA for the default source (the
 * witness the header prefers), with copy buttons, the same for the other
 * sources behind a disclosure, and downloads of BibTeX, BibLaTeX, RIS and
 * CSL-JSON. The citation HTML comes from src/cite (text escaped there).
 */

const SHOWN = ['chicago-note', 'chicago-bib', 'mla', 'apa'] as const;
const FILES: { format: 'bibtex' | 'biblatex' | 'ris' | 'csl-json'; label: string; type: string }[] = [
  { format: 'bibtex', label: 'BibTeX', type: 'application/x-bibtex' },
  { format: 'biblatex', label: 'BibLaTeX', type: 'application/x-bibtex' },
  { format: 'ris', label: 'RIS', type: 'application/x-research-info-systems' },
  { format: 'csl-json', label: 'CSL-JSON', type: 'application/vnd.citationstyles.csl+json' },
];

function target(index: CitationsIndex, t: CitationsIndex['targets'][number], root: string, level: 3 | 4): string {
  const key = t.target.replace(/[^A-Za-z0-9_-]/g, '-');
  const styles = SHOWN.filter((s) => t.citations[s])
    .map((s) => {
      const id = `cite-${key}-${s}`;
      const label = index.styles[s] ?? s;
      return `<h${level} id="${id}-h">${esc(label)}</h${level}>
<p class="citation" id="${id}">${t.citations[s]?.html ?? ''}</p>
<button type="button" data-copy="${id}" data-status="cite-status" hidden aria-describedby="${id}-h">Copy</button>`;
    })
    .join('\n');
  const downloads = FILES.map((f) => `<li><a href="${root}cite/${esc(encodeURIComponent(t.files[f.format]))}" type="${f.type}" download>${esc(f.label)}</a></li>`).join('');
  return `${styles}\n<p class="cite-downloads">Download for a reference manager:</p><ul class="cite-files">${downloads}</ul>`;
}

export function citeBox(index: CitationsIndex | null, root = '../'): string | undefined {
  if (!index || index.targets.length === 0) return undefined;
  const first = index.targets.find((t) => t.target === index.default) ?? index.targets[0];
  if (!first) return undefined;
  const others = index.targets.filter((t) => t !== first);
  const sourceName = (t: CitationsIndex['targets'][number]): string =>
    t.target === 'edition' ? 'this digital edition' : t.kind === 'manuscript' ? `the manuscript (${esc(t.target)}${t.source ? `: ${esc(t.source)}` : ''})` : t.source ? `<cite>${esc(t.source)}</cite> (${esc(t.target)})` : esc(t.target);
  // A manuscript is not printed: it is found.
  const lead = (t: CitationsIndex['targets'][number]): string => `${t.kind === 'manuscript' ? 'As found in' : t.target === 'edition' ? 'As published in' : 'As printed in'} ${sourceName(t)}:`;
  const more = others.length
    ? `<details class="cite-others"><summary>Cite it as found in another source</summary>
${others.map((t) => `<h3>${sourceName(t).replace(/^[a-z]/, (c) => c.toUpperCase())}</h3>\n${target(index, t, root, 4)}`).join('\n')}
</details>`
    : '';
  return `<section class="cite-box" aria-labelledby="cite-h">
<h2 id="cite-h">Cite this</h2>
<p class="cite-source">${lead(first)}</p>
${target(index, first, root, 3)}
<p role="status" id="cite-status"></p>
${more}
</section>
`;
}
