/* Outlay — small progressive enhancements. No dependencies, no eval, no
   inline handlers (CSP: default-src 'self'). Every page works without it. */
(function () {
  'use strict';

  /* 1. Move focus to the form's error summary, else to the first invalid field. */
  function focusFirstError() {
    var summary = document.querySelector('[data-error-summary]');
    if (summary) {
      if (!summary.hasAttribute('tabindex')) { summary.setAttribute('tabindex', '-1'); }
      summary.focus();
      return;
    }
    var invalid = document.querySelector('[aria-invalid="true"]');
    if (invalid) { invalid.focus(); }
  }

  /* Links in the error summary (href="#f-name") focus the field, not just scroll to it. */
  function onSummaryLinkClick(e) {
    var link = e.target.closest ? e.target.closest('[data-error-summary] a[href^="#"]') : null;
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (!target) { return; }
    e.preventDefault();
    target.focus();
    if (target.scrollIntoView) { target.scrollIntoView({ block: 'center' }); }
  }

  /* 2. "/" focuses the search box, unless the user is typing somewhere. */
  function isTyping(el) {
    if (!el || el === document.body) { return false; }
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }

  function onKeydown(e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) { return; }
    if (isTyping(e.target) || isTyping(document.activeElement)) { return; }
    var search = document.querySelector('[data-search]');
    if (!search) { return; }
    e.preventDefault();
    search.focus();
  }

  /* 3. data-confirm="message" on a form (or on its submit button): ask first.
        The server still has its own confirmation page; this is a shortcut. */
  function onSubmit(e) {
    var form = e.target;
    if (!form || form.tagName !== 'FORM') { return; }
    var message = null;
    if (e.submitter && e.submitter.hasAttribute('data-confirm')) {
      message = e.submitter.getAttribute('data-confirm');
    } else if (form.hasAttribute('data-confirm')) {
      message = form.getAttribute('data-confirm');
    }
    if (message && !window.confirm(message)) { e.preventDefault(); }
  }

  /* 4. [data-copy="id"] buttons copy the text of that element. */
  function textOf(el) {
    var tag = el.tagName;
    var text = (tag === 'INPUT' || tag === 'TEXTAREA') ? el.value : el.textContent;
    return (text || '').trim();
  }

  function selectContents(el) {
    var tag = el.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA') { el.select(); return; }
    var sel = window.getSelection && window.getSelection();
    if (!sel) { return; }
    var range = document.createRange();
    range.selectNodeContents(el);
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function legacyCopy(el) {
    selectContents(el);
    try { return document.execCommand('copy'); } catch (err) { return false; }
  }

  function onCopyClick(e) {
    var button = e.target.closest ? e.target.closest('[data-copy]') : null;
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) { return; }
    e.preventDefault();

    var done = function () { button.textContent = 'Copied'; };
    var failed = function () {
      selectContents(source);
      button.textContent = 'Press Ctrl+C to copy';
    };

    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(textOf(source)).then(done, function () {
        if (legacyCopy(source)) { done(); } else { failed(); }
      });
    } else if (legacyCopy(source)) {
      done();
    } else {
      failed();
    }
  }

  function init() {
    focusFirstError();
    document.addEventListener('keydown', onKeydown);
    document.addEventListener('submit', onSubmit);
    document.addEventListener('click', onSummaryLinkClick);
    document.addEventListener('click', onCopyClick);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
