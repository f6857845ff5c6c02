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

  /* 5. [data-picker="/pickers/vendors"]: a text field that suggests names from the
        server as the user types, and keeps the chosen record's id in the hidden
        [data-picker-id] input. Typing clears the id, so the server then reads the
        name as typed, as it does without JavaScript. data-picker-with="vendor_id"
        narrows the suggestions to the vendor chosen in that field of the form. */
  var pickerCount = 0;

  function setupPicker(box) {
    var text = box.querySelector('[data-picker-text]');
    var hidden = box.querySelector('[data-picker-id]');
    if (!text || !hidden || !window.fetch) { return; }
    var url = box.getAttribute('data-picker');
    var withName = box.getAttribute('data-picker-with');
    var listId = 'picker-list-' + (++pickerCount);
    var list = document.createElement('ul');
    list.className = 'picker-list';
    list.id = listId;
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    box.appendChild(list);
    text.setAttribute('role', 'combobox');
    text.setAttribute('aria-autocomplete', 'list');
    text.setAttribute('aria-expanded', 'false');
    text.setAttribute('aria-controls', listId);

    var timer = null;
    var asked = 0;     /* the number of the latest request; older answers are dropped */
    var active = -1;

    function items() { return list.querySelectorAll('[role="option"]'); }

    function close() {
      list.hidden = true;
      active = -1;
      text.setAttribute('aria-expanded', 'false');
      text.removeAttribute('aria-activedescendant');
    }

    function highlight(n) {
      var all = items();
      if (!all.length) { return; }
      active = (n + all.length) % all.length;
      for (var i = 0; i < all.length; i++) {
        all[i].classList.toggle('is-active', i === active);
        all[i].setAttribute('aria-selected', i === active ? 'true' : 'false');
      }
      text.setAttribute('aria-activedescendant', all[active].id);
      if (all[active].scrollIntoView) { all[active].scrollIntoView({ block: 'nearest' }); }
    }

    function choose(item) {
      text.value = item.getAttribute('data-name');
      hidden.value = item.getAttribute('data-id');
      close();
      text.focus();
    }

    function show(picks) {
      list.textContent = '';
      if (!picks.length) {
        var none = document.createElement('li');
        none.className = 'picker-none';
        none.textContent = 'Nothing matches';
        list.appendChild(none);
      }
      for (var i = 0; i < picks.length; i++) {
        var li = document.createElement('li');
        li.id = listId + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.setAttribute('data-id', String(picks[i].id));
        li.setAttribute('data-name', picks[i].name);
        li.textContent = picks[i].name;
        var note = picks[i].archived ? ' (archived)' : (picks[i].vendor ? ' · ' + picks[i].vendor : '');
        if (note) {
          var tag = document.createElement('span');
          tag.className = 'muted';
          tag.textContent = note;
          li.appendChild(tag);
        }
        list.appendChild(li);
      }
      active = -1;
      list.hidden = false;
      text.setAttribute('aria-expanded', 'true');
    }

    function ask() {
      var q = text.value.trim();
      if (!q) { close(); return; }
      var mine = ++asked;
      var address = url + (url.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(q);
      var narrow = withName && text.form ? text.form.elements[withName] : null;
      if (narrow && narrow.value) { address += '&vendor_id=' + encodeURIComponent(narrow.value); }
      fetch(address, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (res) { return res.ok ? res.json() : []; })
        .then(function (picks) {
          if (mine === asked && document.activeElement === text) { show(picks || []); }
        }, function () { /* offline: the name typed still works */ });
    }

    text.addEventListener('input', function () {
      hidden.value = '';
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(ask, 150);
    });
    text.addEventListener('keydown', function (e) {
      if (list.hidden) {
        if (e.key === 'ArrowDown' && text.value.trim()) { e.preventDefault(); ask(); }
        return;
      }
      if (e.key === 'ArrowDown') { e.preventDefault(); highlight(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active - 1); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(items()[active]); }
    });
    text.addEventListener('blur', close);
    /* mousedown, not click: the field keeps its focus, so its blur does not close the
       list before the choice is made. */
    list.addEventListener('mousedown', function (e) {
      var item = e.target.closest ? e.target.closest('[role="option"]') : null;
      e.preventDefault();
      if (item) { choose(item); }
    });
  }

  function init() {
    focusFirstError();
    document.addEventListener('keydown', onKeydown);
    document.addEventListener('submit', onSubmit);
    document.addEventListener('click', onSummaryLinkClick);
    document.addEventListener('click', onCopyClick);
    var pickers = document.querySelectorAll('[data-picker]');
    for (var i = 0; i < pickers.length; i++) { setupPicker(pickers[i]); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
