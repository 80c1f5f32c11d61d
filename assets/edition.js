// Enhancements only: every page works without this script.
// - the variant control shows the other witnesses' readings in place, and the letter's own
//   spellings and abbreviations beside the editor's corrections and expansions;
// - names show their register entry in a popover on hover and focus;
// - copy buttons copy a citation to the clipboard;
// - lists of letters filter in place (correspondent, year, place) and sort
//   by any column (without the script: correspondent and year pages, time order).
(function () {
  'use strict';

  /**
   * A control that shows in the text what it hides (button pressed) and hides it again: the other witnesses'
   * readings (.app .rdg, labelled by their sigla), or the letter's own form of what the editor corrected,
   * expanded or regularised (.choice-alternative: sic, abbr, orig). The article gets the class while it is on.
   */
  function toggleShown(button, className, selector, prepare) {
    var article = document.querySelector('.tei-text');
    if (!article) return;
    var on = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    article.classList.toggle(className, on);
    article.querySelectorAll(selector).forEach(function (el) {
      if (prepare) prepare(el);
      if (on) el.removeAttribute('hidden');
      else el.setAttribute('hidden', 'hidden');
    });
  }

  function witnessLabel(rdg) {
    if (!rdg.hasAttribute('data-wit-label')) {
      rdg.setAttribute('data-wit-label', (rdg.getAttribute('data-wit') || '').replace(/#/g, '').trim());
    }
  }

  function setUpVariantControl() {
    document.querySelectorAll('.variant-control').forEach(function (box) {
      box.hidden = false; // the control needs this script, so it is revealed by it
      var readings = box.querySelector('button.show-readings');
      if (readings) readings.addEventListener('click', function () { toggleShown(readings, 'show-readings-on', '.app .rdg', witnessLabel); });
      var originals = box.querySelector('button.show-originals');
      if (originals) originals.addEventListener('click', function () { toggleShown(originals, 'show-originals-on', '.choice-alternative'); });
    });
  }

  var popover;
  function hidePopover() {
    if (popover) popover.hidden = true;
  }
  function showPopover(link) {
    var entry = document.getElementById(link.getAttribute('data-entity'));
    if (!entry) return;
    if (!popover) {
      popover = document.createElement('div');
      popover.className = 'entity-popover';
      popover.id = 'entity-popover';
      popover.setAttribute('role', 'tooltip');
      // Inside the main landmark, as all the page's content (axe's rule "region"); main is not positioned, so the
      // popover's place is still reckoned from the page's corner.
      (document.querySelector('main') || document.body).appendChild(popover);
    }
    popover.replaceChildren();
    entry.childNodes.forEach(function (n) { popover.appendChild(n.cloneNode(true)); });
    popover.querySelectorAll('[id]').forEach(function (n) { n.removeAttribute('id'); });
    popover.hidden = false;
    var r = link.getBoundingClientRect();
    var width = Math.min(352, document.documentElement.clientWidth - 16);
    popover.style.maxWidth = width + 'px';
    popover.style.left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - width - 8)) + 'px';
    popover.style.top = (window.scrollY + r.bottom + 6) + 'px';
    link.setAttribute('aria-describedby', 'entity-popover');
  }
  function setUpPopovers() {
    document.querySelectorAll('.tei-text a[data-entity]').forEach(function (link) {
      link.addEventListener('mouseenter', function () { showPopover(link); });
      link.addEventListener('focus', function () { showPopover(link); });
      link.addEventListener('mouseleave', hidePopover);
      link.addEventListener('blur', function () { hidePopover(); link.removeAttribute('aria-describedby'); });
    });
    document.addEventListener('keydown', function (e) { if (e.key === 'Escape') hidePopover(); });
  }

  function setUpCopyButtons() {
    document.querySelectorAll('button[data-copy]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var source = document.getElementById(button.getAttribute('data-copy'));
        var status = document.getElementById(button.getAttribute('data-status'));
        if (!source) return;
        var text = source.innerText.trim();
        var done = function () { if (status) status.textContent = 'Copied to the clipboard.'; };
        var fallback = function () {
          var range = document.createRange();
          range.selectNodeContents(source);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          if (status) status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
        };
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
        else fallback();
      });
    });
  }

  var letterTables = [];

  function setUpFilter() {
    var form = document.querySelector('form.letter-filter');
    if (!form) return;
    form.hidden = false;
    var status = form.querySelector('.filter-status');
    var rows = document.querySelectorAll('table.letter-list tbody tr');
    function apply() {
      var person = form.elements.person.value;
      var year = form.elements.year.value;
      var place = form.elements.place.value;
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = (!person || (' ' + tr.getAttribute('data-people') + ' ').indexOf(' ' + person + ' ') >= 0) &&
          (!year || tr.getAttribute('data-year') === year) &&
          (!place || tr.getAttribute('data-place') === place);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      // A year with no letter left disappears, heading and all.
      document.querySelectorAll('section.year').forEach(function (section) {
        section.hidden = !section.querySelector('tbody tr:not([hidden])');
      });
      var filtered = person || year || place;
      status.textContent = filtered ? shown + ' of ' + rows.length + ' letters shown.' : '';
    }
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
    form.addEventListener('reset', function () { setTimeout(apply, 0); });
    apply();
  }

  // Sorting: each row carries its rank in every column's order (data-sort,
  // computed at build time with the edition's collation); every list of
  // letters on the page follows the same column.
  function sortBy(column, direction) {
    letterTables.forEach(function (table) {
      table.querySelectorAll('th[data-column]').forEach(function (th) {
        if (Number(th.getAttribute('data-column')) === column) th.setAttribute('aria-sort', direction);
        else th.removeAttribute('aria-sort');
      });
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var ra = Number(a.getAttribute('data-sort').split(' ')[column]);
        var rb = Number(b.getAttribute('data-sort').split(' ')[column]);
        return direction === 'ascending' ? ra - rb : rb - ra;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  }

  function setUpSorting() {
    letterTables = Array.prototype.slice.call(document.querySelectorAll('table.letter-list'));
    letterTables.forEach(function (table) {
      table.querySelectorAll('th[data-column]').forEach(function (th) {
        var column = Number(th.getAttribute('data-column'));
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'sort';
        button.textContent = th.textContent;
        th.replaceChildren(button);
        if (column === 0) th.setAttribute('aria-sort', 'ascending'); // the lists are in time order
        button.addEventListener('click', function () {
          sortBy(column, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
        });
      });
    });
  }

  // The folded metadata opens by itself on wide screens, and whenever a link
  // leads into it (an apparatus siglum to its witness).
  function setUpFolds() {
    var folds = document.querySelectorAll('details.doc-more');
    if (!folds.length) return;
    if (window.matchMedia && window.matchMedia('(min-width: 60rem)').matches) folds.forEach(function (d) { d.open = true; });
    function openTarget() {
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      var fold = target && target.closest('details');
      if (fold && !fold.open) { fold.open = true; target.scrollIntoView(); }
    }
    window.addEventListener('hashchange', openTarget);
    openTarget();
  }

  function start() {
    setUpFolds();
    setUpFilter();
    setUpSorting();
    setUpVariantControl();
    setUpPopovers();
    setUpCopyButtons();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
