/**
 * Rich text for citations: a citation is a list of runs (plain, italic,
 * link), built by a style module from the typed record and rendered once,
 * as plain text or as HTML. Styles never produce strings that are then
 * patched: punctuation between elements is decided while building.
 */

export interface Run {
  text: string;
  italic?: boolean;
  /** An absolute http(s) URL: the run becomes a link in HTML. */
  href?: string;
}

export type Rich = Run[];

export type TextFormat = 'text' | 'html';

export const plain = (text: string): Run => ({ text });
export const italic = (text: string): Run => ({ text, italic: true });
export const link = (href: string, text = href): Run => ({ text, href });

/** The last visible character of a run list ('' if empty). */
export function lastChar(runs: Rich): string {
  for (let i = runs.length - 1; i >= 0; i--) {
    const t = (runs[i] as Run).text;
    if (t) return t[t.length - 1] as string;
  }
  return '';
}

/**
 * Builds a citation element by element. `add` joins with a separator; the
 * separator's leading period is dropped when the text already ends in
 * terminal punctuation ("Dwight D." + ". " → "Dwight D. "): no manual
 * doubles a period after an abbreviation.
 */
export class RichBuilder {
  readonly runs: Rich = [];

  get empty(): boolean {
    return this.runs.every((r) => r.text === '');
  }

  /** Appends runs, preceded by `separator` when something came before. */
  add(separator: string, ...runs: Run[]): this {
    const content = runs.filter((r) => r.text !== '');
    if (content.length === 0) return this;
    if (!this.empty && separator) this.punct(separator);
    this.runs.push(...content);
    return this;
  }

  /**
   * Appends punctuation, dropping a period that would double the last one;
   * a period or comma after a closing quotation mark goes inside it
   * (“Title,” — the American rule of CMOS, MLA and APA).
   */
  punct(text: string): this {
    let t = text;
    const last = lastChar(this.runs);
    if (t.startsWith('.') && /[.?!]/.test(last)) t = t.slice(1);
    const prev = this.runs[this.runs.length - 1];
    if (prev && prev.href === undefined && prev.text.endsWith('”') && /^[.,]/.test(t)) {
      prev.text = `${prev.text.slice(0, -1)}${t[0]}”`;
      t = t.slice(1);
    }
    if (t) this.runs.push({ text: t });
    return this;
  }

  /** Ends the element with a period unless it ends in terminal punctuation already. */
  end(): this {
    return this.punct('.');
  }

  build(): Rich {
    // Merge adjacent runs of the same kind so the HTML has one element per title.
    const out: Rich = [];
    for (const r of this.runs) {
      const prev = out[out.length - 1];
      if (prev && Boolean(prev.italic) === Boolean(r.italic) && prev.href === undefined && r.href === undefined) {
        prev.text += r.text;
      } else {
        out.push({ ...r });
      }
    }
    return out;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text: titles lose their italics, links show their text. */
export function toText(runs: Rich): string {
  return runs.map((r) => r.text).join('');
}

/** HTML: `<i>` for italic titles (they survive copy and paste into word processors), `<a>` for URLs. */
export function toHtml(runs: Rich): string {
  return runs
    .map((r) => {
      let html = escapeHtml(r.text);
      if (r.italic) html = `<i>${html}</i>`;
      if (r.href) html = `<a href="${escapeHtml(r.href)}">${html}</a>`;
      return html;
    })
    .join('');
}

export function render(runs: Rich, format: TextFormat): string {
  return format === 'html' ? toHtml(runs) : toText(runs);
}
