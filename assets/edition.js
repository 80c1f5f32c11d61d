// Enhancements only: every page works without this script.
// - the variant control shows the other witnesses' readings in place;
// - names show their register entry in a popover on hover and focus;
// - copy buttons copy a citation to the clipboard.
(function () {
  'use strict';

  function showReadings(button) {
    var article = document.querySelector('.tei-text');
    if (!article) return;
    var on = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    article.classList.toggle('show-readings-on', on);
    article.querySelectorAll('.app .rdg').forEach(function (rdg) {
      if (!rdg.hasAttribute('data-wit-label')) {
        rdg.setAttribute('data-wit-label', (rdg.getAttribute('data-wit') || '').replace(/#/g, '').trim());
      }
      if (on) rdg.removeAttribute('hidden');
      else rdg.setAttribute('hidden', 'hidden');
    });
  }

  function setUpVariantControl() {
    document.querySelectorAll('.variant-control').forEach(function (box) {
      box.hidden = false; // the control needs this script, so it is revealed by it
      var button = box.querySelector('button.show-readings');
      if (button) button.addEventListener('click', function () { showReadings(button); });
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
      document.body.appendChild(popover);
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

  function start() {
    setUpVariantControl();
    setUpPopovers();
    setUpCopyButtons();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
