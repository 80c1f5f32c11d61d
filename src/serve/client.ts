/**
 * The browser side of `serve`: a script every served HTML page gets (and no
 * built page ever does), and the overlay's stylesheet. Both are files of
 * their own under CHANNEL so the pages keep their strict
 * Content-Security-Policy (no inline script or style); the overlay is built
 * with textContent only, so a finding's message can never become markup.
 *
 * Protocol: one server-sent event type, `state`, carrying
 * `{ version, findings }`. `version` names the last good build; the page
 * knows the version it was served with (data-version on its script tag)
 * and reloads itself when they differ, keeping its scroll position; the
 * server adds `session`, which names its run (data-session on the tag): a
 * page served by a serve that was stopped and started again reloads too.
 * `findings` are the current errors: shown as an overlay, removed when empty.
 */
import { WIDE_CHARACTERS, ZERO_WIDTH_CHARACTERS } from '../cli/format.js';

export const CHANNEL = '/__tei-edition';
export const EVENTS_URL = `${CHANNEL}/events`;
export const CLIENT_URL = `${CHANNEL}/client.js`;
export const OVERLAY_CSS_URL = `${CHANNEL}/overlay.css`;
export const OVERLAY_ID = 'tei-edition-overlay';

/** What the overlay shows of one finding (a Diagnostic plus its source line). */
export interface OverlayFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
  hint?: string;
  /** The source line the finding points to, when it has one. */
  source?: string;
}

export interface ServeState {
  version: number;
  findings: OverlayFinding[];
  /** The server's run (added by the server to each event it sends). */
  session?: string;
}

export const CLIENT_JS = `// Injected by \`tei-edition serve\` only: live reload and the findings overlay.
(function () {
  'use strict';
  var script = document.currentScript;
  var version = script ? script.getAttribute('data-version') : null;
  var session = script ? script.getAttribute('data-session') : null;
  var KEY = 'tei-edition-serve-scroll:' + location.pathname;
  var WIDE = new RegExp(${JSON.stringify(WIDE_CHARACTERS)}, 'u');
  var ZERO_WIDTH = new RegExp(${JSON.stringify(ZERO_WIDTH_CHARACTERS)}, 'u');
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      window.addEventListener('load', function () { window.scrollTo(0, Number(saved)); });
    }
  } catch (e) { /* storage may be disabled */ }

  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = ${JSON.stringify(OVERLAY_CSS_URL)};
  document.head.appendChild(css);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function show(findings) {
    var old = document.getElementById(${JSON.stringify(OVERLAY_ID)});
    if (old) old.remove();
    if (!findings.length) return;
    var box = el('section');
    box.id = ${JSON.stringify(OVERLAY_ID)};
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-labelledby', 'tei-edition-overlay-h');
    box.setAttribute('data-findings', String(findings.length));
    var h = el('h2', null, findings.length + (findings.length === 1 ? ' error' : ' errors') + ': this page shows the last good build');
    h.id = 'tei-edition-overlay-h';
    var close = el('button', 'close', 'Hide');
    close.type = 'button';
    close.addEventListener('click', function () { box.remove(); });
    box.appendChild(close);
    box.appendChild(h);
    var list = el('ol');
    findings.forEach(function (f) {
      var li = el('li', 'finding ' + f.severity);
      var head = el('p', 'head');
      head.appendChild(el('span', 'place', f.line > 0 ? f.file + ':' + f.line + ':' + (f.column || 1) : f.file));
      head.appendChild(document.createTextNode(' '));
      head.appendChild(el('span', 'rule', f.rule));
      head.appendChild(document.createTextNode(' '));
      head.appendChild(el('span', 'message', f.message));
      li.appendChild(head);
      if (f.source !== undefined) {
        var col = Math.max(1, f.column || 1);
        // As the terminal's caret (cli/format.ts caretPad): tabs kept, wide characters (CJK, emoji) two blanks.
        var pad = Array.from(f.source.slice(0, col - 1)).map(function (ch) { return ch === '\\t' ? '\\t' : ZERO_WIDTH.test(ch) ? '' : WIDE.test(ch) ? '  ' : ' '; }).join('');
        li.appendChild(el('pre', 'source', f.source.replace(/\\s+$/, '') + '\\n' + pad + '^'));
      }
      if (f.hint) li.appendChild(el('p', 'hint', 'fix: ' + f.hint));
      list.appendChild(li);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  var source = new EventSource(${JSON.stringify(EVENTS_URL)});
  // Says on the page whether it is listening (for people in the inspector, and for the browser test).
  source.addEventListener('open', function () { document.documentElement.setAttribute('data-serve', 'connected'); });
  source.addEventListener('error', function () { document.documentElement.setAttribute('data-serve', 'reconnecting'); });
  source.addEventListener('state', function (e) {
    var state = JSON.parse(e.data);
    // Another build, or another run of serve (restarted: its versions count from 0 again).
    if ((version !== null && String(state.version) !== version) || (session && state.session && state.session !== session)) {
      try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (err) { /* ignore */ }
      source.close();
      location.reload();
      return;
    }
    show(state.findings);
  });
})();
`;

export const OVERLAY_CSS = `/* The findings overlay of \`tei-edition serve\`. */
#${OVERLAY_ID} {
  position: fixed; inset: 1rem 1rem auto 1rem; max-height: calc(100vh - 2rem); overflow: auto; z-index: 2147483647;
  background: #1e1e1e; color: #f3f3f3; border: 2px solid #e5534b; border-radius: 6px; padding: 1rem 1.25rem;
  font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; box-shadow: 0 4px 24px rgb(0 0 0 / 0.5);
}
#${OVERLAY_ID} h2 { margin: 0 0 0.75rem; font-size: 1rem; color: #ff8f87; }
#${OVERLAY_ID} ol { margin: 0; padding-left: 1.5rem; }
#${OVERLAY_ID} li { margin: 0 0 1rem; }
#${OVERLAY_ID} p { margin: 0.2rem 0; }
#${OVERLAY_ID} .place { color: #8cc8ff; }
#${OVERLAY_ID} .rule { color: #d7ba7d; }
#${OVERLAY_ID} .warning .rule { color: #e2c08d; }
#${OVERLAY_ID} pre { margin: 0.3rem 0; padding: 0.4rem 0.6rem; background: #111; color: #f3f3f3; overflow-x: auto; white-space: pre; }
#${OVERLAY_ID} .hint { color: #b5e8a5; }
#${OVERLAY_ID} .close { float: right; font: inherit; color: inherit; background: #333; border: 1px solid #777; border-radius: 4px; padding: 0.1rem 0.6rem; cursor: pointer; }
#${OVERLAY_ID} .close:focus-visible { outline: 3px solid #8cc8ff; outline-offset: 2px; }
`;
