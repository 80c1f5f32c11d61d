// The search page's script (search.html only). The index was built with the
// site (src/site/search.ts): search/docs.js lists the letters, search/t-X.js
// holds the terms that begin with X. They are loaded as scripts, which works
// from disk (file://) as well as from any static host, and only when the
// search is used: the list of letters on the first focus or keystroke, each
// shard when a query first needs it.
(function () {
  'use strict';

  var base = new URL('./', document.currentScript ? document.currentScript.src : location.href);
  var root = new URL('../', base); // assets/ → the web root
  var docs = null;
  var shardNames = [];
  var personRank = {}; // correspondent key → place in the edition's collation order
  var shards = {};
  var loading = {};
  var MAX_SHOWN = 100;

  // Receives what the index scripts hand over.
  window.TEISearch = {
    add: function (kind, key, data) {
      if (kind === 'docs') {
        docs = data.docs;
        shardNames = data.shards;
        (data.people || []).forEach(function (key, i) { personRank[key] = i; });
      } else if (kind === 'shard') {
        shards[key] = data;
      }
    },
  };

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = new URL(path, root).href;
        s.onload = resolve;
        s.onerror = function () { reject(new Error('could not load ' + path)); };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }

  // The same words as the index (src/site/search.ts, terms()).
  function terms(text) {
    return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }
  // The same shards as the index (src/site/search.ts, shardOf()).
  function shardOf(term) {
    return Array.from(term.slice(0, 2)).map(function (c) { return /[a-z0-9]/.test(c) ? c : '_'; }).join('') || '_';
  }
  /** The shards that can hold words beginning with `term`: one, or for a one-character word every shard it begins. */
  function shardsFor(term) {
    var key = shardOf(term);
    return shardNames.filter(function (n) { return term.length > 1 ? n === key : n.charAt(0) === key; });
  }

  /** Letter number → score for one query word: every indexed word it begins. */
  function lookUp(term) {
    var hits = new Map();
    shardsFor(term).forEach(function (name) {
      var shard = shards[name] || {};
      Object.keys(shard).forEach(function (word) {
        if (word.lastIndexOf(term, 0) !== 0) return;
        var list = shard[word];
        var doc = 0;
        for (var i = 0; i < list.length; i += 2) {
          doc += list[i];
          // An exact match weighs more than a longer word it begins.
          hits.set(doc, (hits.get(doc) || 0) + list[i + 1] * (word === term ? 2 : 1));
        }
      });
    });
    return hits;
  }

  /** The letters (numbers, best first) that contain every word of the query. */
  function search(words) {
    var result = null;
    words.forEach(function (w) {
      var hits = lookUp(w);
      if (result === null) result = hits;
      else {
        var both = new Map();
        result.forEach(function (score, doc) { if (hits.has(doc)) both.set(doc, score + hits.get(doc)); });
        result = both;
      }
    });
    var list = [];
    (result || new Map()).forEach(function (score, doc) { list.push([doc, score]); });
    list.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return list.map(function (x) { return x[0]; });
  }

  var FACETS = [
    { name: 'from', label: 'Sender', values: function (d) { return d.from; } },
    { name: 'to', label: 'Recipient', values: function (d) { return d.to; } },
    { name: 'year', label: 'Year', values: function (d) { return [[d.year, d.year]]; } },
  ];
  var selected = { from: new Set(), to: new Set(), year: new Set() };

  function passes(d, except) {
    return FACETS.every(function (f) {
      if (f.name === except || selected[f.name].size === 0) return true;
      return f.values(d).some(function (v) { return selected[f.name].has(v[0]); });
    });
  }

  var form, input, status, results, facetBox, current = [];
  // Every facet value's name once seen: a chosen value that no result has any more is still named, not shown by its key.
  var seenNames = new Map();

  function renderFacets() {
    facetBox.replaceChildren();
    facetBox.hidden = current.length === 0;
    FACETS.forEach(function (f) {
      var counts = new Map();
      var names = new Map();
      current.forEach(function (n) {
        var d = docs[n];
        if (!passes(d, f.name)) return;
        f.values(d).forEach(function (v) { counts.set(v[0], (counts.get(v[0]) || 0) + 1); names.set(v[0], v[1]); seenNames.set(f.name + ' ' + v[0], v[1]); });
      });
      selected[f.name].forEach(function (k) { if (!counts.has(k)) { counts.set(k, 0); } });
      if (counts.size === 0) return;
      var set = document.createElement('fieldset');
      set.className = 'facet';
      set.setAttribute('data-facet', f.name);
      var legend = document.createElement('legend');
      legend.textContent = f.label;
      set.appendChild(legend);
      var keys = Array.from(counts.keys());
      keys.sort(function (a, b) {
        if (f.name === 'year') return a < b ? -1 : a > b ? 1 : 0;
        return counts.get(b) - counts.get(a) || (personRank[a] || 0) - (personRank[b] || 0);
      });
      keys.forEach(function (k) {
        var label = document.createElement('label');
        var box = document.createElement('input');
        box.type = 'checkbox';
        box.value = k;
        box.checked = selected[f.name].has(k);
        box.addEventListener('change', function () {
          if (box.checked) selected[f.name].add(k);
          else selected[f.name].delete(k);
          show();
          var again = facetBox.querySelector('fieldset[data-facet="' + f.name + '"] input[value="' + CSS.escape(k) + '"]');
          if (again) again.focus();
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(' ' + (names.get(k) || seenNames.get(f.name + ' ' + k) || k) + ' '));
        var count = document.createElement('span');
        count.className = 'count';
        count.textContent = '(' + counts.get(k) + ')';
        label.appendChild(count);
        set.appendChild(label);
      });
      facetBox.appendChild(set);
    });
  }

  function show() {
    var shown = current.filter(function (n) { return passes(docs[n]); });
    results.replaceChildren();
    shown.slice(0, MAX_SHOWN).forEach(function (n) {
      var d = docs[n];
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = new URL(d.href, root).href;
      a.textContent = d.title;
      var meta = document.createElement('span');
      meta.className = 'result-meta';
      var who = [d.from.map(function (p) { return p[1]; }).join(', '), d.to.map(function (p) { return p[1]; }).join(', ')].filter(Boolean).join(' → ');
      meta.textContent = [d.date, who].filter(Boolean).join(' · ');
      li.appendChild(a);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(meta);
      results.appendChild(li);
    });
    var q = input.value.trim();
    if (!q) status.textContent = '';
    else if (shown.length === 0) status.textContent = 'No letter contains all of “' + q + '”' + (current.length ? ' with the chosen facets.' : '.');
    else status.textContent = shown.length + (shown.length === 1 ? ' letter' : ' letters') + ' found' + (shown.length > MAX_SHOWN ? ', the first ' + MAX_SHOWN + ' shown' : '') + '.';
    // Quotation marks do not make a phrase: the index knows words, not their order.
    if (q && /["“”„«»]/.test(q)) status.textContent += ' (Words are found in any order: the search does not match phrases.)';
    renderFacets();
  }

  var latest = 0;
  function run() {
    var ticket = ++latest;
    var words = terms(input.value);
    if (words.length === 0) {
      current = [];
      show();
      return;
    }
    if (docs === null) status.textContent = 'Loading the index…';
    load('search/docs.js')
      .then(function () {
        // Only shards that exist (the list of letters names them): a word no shard can hold finds nothing.
        var needed = [];
        words.forEach(function (w) { shardsFor(w).forEach(function (n) { if (needed.indexOf(n) < 0) needed.push(n); }); });
        return Promise.all(needed.map(function (s) { return load('search/t-' + s + '.js'); }));
      })
      .then(function () {
        if (ticket !== latest) return; // a newer query is on its way
        current = search(words);
        show();
      })
      .catch(function (e) { status.textContent = 'The search index could not be loaded (' + e.message + ').'; });
  }

  function start() {
    form = document.querySelector('form.search-form');
    if (!form) return;
    input = form.querySelector('input[type=search]');
    status = document.querySelector('.search-status');
    results = document.querySelector('.search-results');
    facetBox = document.querySelector('.facets');
    form.hidden = false;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      run();
      // The address names the query, so that a reload or a shared link gives it (it kept the first one, ?q=…).
      try {
        var url = new URL(location.href);
        if (input.value.trim()) url.searchParams.set('q', input.value.trim());
        else url.searchParams.delete('q');
        history.replaceState(null, '', url.href);
      } catch (err) { /* a page from disk where the browser allows no change of address */ }
    });
    input.addEventListener('focus', function () { load('search/docs.js').catch(function () {}); }, { once: true });
    input.addEventListener('input', run);
    var q = new URLSearchParams(location.search).get('q');
    if (q) { input.value = q; run(); }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
