// Small helpers the Blazor components call. No user text is ever passed to innerHTML here.
(function () {
  'use strict';

  // Code points in a string (emoji and other astral characters count once, like the server's offsets).
  const cpLen = (s) => { let n = 0; for (const _ of s) { n++; } return n; };

  // The code-point offset in the document of a DOM point inside `container`. Every run of text is an element with
  // data-s = its start offset in code points, holding one text node.
  function pointToOffset(container, node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement && node.parentElement.closest('[data-s]');
      if (!seg || !container.contains(seg)) { return null; }
      return Number(seg.dataset.s) + cpLen(node.data.slice(0, offset));
    }
    if (!(node instanceof Element) || !container.contains(node) && node !== container) { return null; }
    const seg = node.closest('[data-s]');
    if (seg && seg !== container && container.contains(seg)) {
      // an element inside a segment: offset counts child nodes
      return offset === 0 ? Number(seg.dataset.s) : Number(seg.dataset.s) + cpLen(seg.textContent);
    }
    const segs = Array.from(container.querySelectorAll('[data-s]'));
    if (segs.length === 0) { return null; }
    const child = node.childNodes[offset];
    if (child) {
      const first = child instanceof Element ? (child.matches('[data-s]') ? child : child.querySelector('[data-s]')) : null;
      if (first) { return Number(first.dataset.s); }
    }
    // after the last child: the end of the last segment before this point
    const before = segs.filter((s) => node.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_PRECEDING || node.contains(s));
    const last = before.length ? before[before.length - 1] : segs[segs.length - 1];
    return Number(last.dataset.s) + cpLen(last.textContent);
  }

  const watchers = new Map();
  let composerOpener = null;
  let besideOpener = null;
  let savedCaret = null;
  const inComposer = () => document.activeElement instanceof Element && document.activeElement.closest('[data-composer]') !== null;

  // Keyboard selection in the document text (focusable, not editable): the arrow keys move a caret, Shift+arrows extend
  // the selection (Ctrl/Alt for words, Home/End for the line), Enter opens the composer on the selection (it opens in
  // the side panel as the selection changes; Enter moves focus into it). The first arrow key puts the caret at the
  // start of the first line in view.
  function keyboardSelect(e, container, flush, dotnet) {
    if (e.target !== container) { return; }
    const sel = window.getSelection();
    const inside = sel && sel.rangeCount > 0 && container.contains(sel.anchorNode);
    if (e.key === 'Enter' && inside && !sel.isCollapsed) {
      e.preventDefault();
      flush();
      dotnet.invokeMethodAsync('OnComposeFromSelection').catch(() => { /* circuit gone */ });
      return;
    }
    const moves = { ArrowLeft: ['backward', 'character'], ArrowRight: ['forward', 'character'], ArrowUp: ['backward', 'line'],
      ArrowDown: ['forward', 'line'], Home: ['backward', 'lineboundary'], End: ['forward', 'lineboundary'] };
    const move = moves[e.key];
    if (!move || e.metaKey) { return; }
    e.preventDefault();
    if (!inside) {
      const first = Array.from(container.querySelectorAll('[data-s]')).find((s) => s.getBoundingClientRect().bottom > 0) || container.querySelector('[data-s]');
      const text = first && first.firstChild;
      if (!text) { return; }
      sel.removeAllRanges();
      sel.collapse(text, 0);
      if (!e.shiftKey) { return; }
    }
    const granularity = (e.ctrlKey || e.altKey) && move[1] === 'character' ? 'word' : move[1];
    sel.modify(e.shiftKey ? 'extend' : 'move', move[0], granularity);
    const focusEl = sel.focusNode && (sel.focusNode.nodeType === Node.TEXT_NODE ? sel.focusNode.parentElement : sel.focusNode);
    if (focusEl && focusEl.getBoundingClientRect) {
      const r = focusEl.getBoundingClientRect();
      if (r.top < 60 || r.bottom > window.innerHeight) { focusEl.scrollIntoView({ block: 'nearest' }); }
    }
  }
  // a card being revealed (revealCard): the server may take a while to render it on a busy machine
  const revealWaitMs = 5000;
  let revealPending = null;
  const cardWatchers = new Map();
  const freshTimers = new WeakMap();
  let passageKeeper = null; // showPassage: keeps the cited passage marked while the text settles

  window.annotateHub = {
    // Scrolls the first element matching the selector into view if it is not already visible; never steals focus.
    reveal(selector) {
      const el = document.querySelector(selector);
      if (!el) { return; }
      const r = el.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) {
        el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
    },

    // The current selection inside the container as code-point offsets, or null.
    selectionIn(containerSelector) {
      const container = document.querySelector(containerSelector);
      const sel = window.getSelection();
      if (!container || !sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
      const range = sel.getRangeAt(0);
      if (!container.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== container) { return null; }
      const start = pointToOffset(container, range.startContainer, range.startOffset);
      const end = pointToOffset(container, range.endContainer, range.endOffset);
      if (start === null || end === null || end <= start) { return null; }
      const r = range.getBoundingClientRect();
      return { start, end, top: r.bottom, left: r.left };
    },

    // Scrolls the card of an annotation into view (the card list is windowed: the server may still be rendering it,
    // so look for it for up to revealWaitMs). Never steals focus.
    revealCard(annotationId) {
      const selector = `.card[data-annotation-id='${CSS.escape(annotationId)}']`;
      const started = performance.now();
      // until the card is there, the card list's scroll watcher must not report the old position (it would move the
      // window back before the card is shown)
      const pending = { until: started + revealWaitMs };
      revealPending = pending;
      const attempt = () => {
        if (revealPending !== pending) { return; }
        const card = document.querySelector(selector);
        if (card) {
          revealPending = null;
          const side = card.closest('.side');
          const r = card.getBoundingClientRect();
          const box = side ? side.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
          if (r.top < box.top || r.bottom > box.bottom || r.top < 0 || r.bottom > window.innerHeight) {
            card.scrollIntoView({ block: 'nearest' });
          }
          return;
        }
        if (performance.now() - started < revealWaitMs) { requestAnimationFrame(attempt); } else { revealPending = null; }
      };
      attempt();
    },

    // Briefly marks the highlights of annotations others just changed (class "fresh"), without re-rendering them.
    flash(annotationIds) {
      const started = performance.now();
      const attempt = () => {
        let found = 0;
        for (const id of annotationIds) {
          document.querySelectorAll(`mark.hl[data-annotation~="${CSS.escape(id)}"]`).forEach((mark) => {
            found++;
            // a mark already fresh keeps its running animation (no restart, no forced layout); the 4 s count restarts
            mark.classList.add('fresh');
            clearTimeout(freshTimers.get(mark));
            freshTimers.set(mark, setTimeout(() => { mark.classList.remove('fresh'); freshTimers.delete(mark); }, 4000));
          });
        }
        // the render that adds them may still be on its way
        if (found === 0 && performance.now() - started < 3000) { requestAnimationFrame(attempt); }
      };
      attempt();
    },

    // Windowed card list (CardList.razor): when the side panel scrolls near the edge of the rendered window, tell .NET
    // (OnCardsScrolled) the index of the first card in view and the average rendered card height.
    watchCards(scrollerSelector, dotnet) {
      annotateHub.unwatchCards(scrollerSelector);
      const scroller = document.querySelector(scrollerSelector);
      if (!scroller) { return; }
      let queued = false;
      let lastReport = '';
      const check = () => {
        queued = false;
        const list = scroller.querySelector('[data-cards]');
        if (revealPending && performance.now() < revealPending.until) { return; }
        const info = list && list.querySelector(':scope > [data-cards-window]');
        if (!info || info.dataset.windowed !== 'true') { return; }
        const from = Number(info.dataset.from), shown = Number(info.dataset.count), total = Number(info.dataset.total);
        const avg = Number(info.dataset.avg) || 260;
        const cards = Array.from(list.querySelectorAll(':scope > .card'));
        const view = scroller.getBoundingClientRect();
        const top = list.getBoundingClientRect().top;
        let first = -1, last = -1, height = 0;
        cards.forEach((card, i) => {
          const r = card.getBoundingClientRect();
          height += r.height;
          if (r.bottom > view.top && r.top < view.bottom) { if (first < 0) { first = from + i; } last = from + i; }
        });
        const measured = cards.length ? height / cards.length + 12 : avg;
        if (first < 0) {
          // only a spacer is in view: estimate from the distance scrolled into the list
          const y = Math.max(0, view.top - top);
          const spacerBefore = from * avg;
          const rendered = cards.length ? cards[cards.length - 1].getBoundingClientRect().bottom - cards[0].getBoundingClientRect().top : 0;
          first = y < spacerBefore ? Math.floor(y / avg) : from + shown + Math.floor((y - spacerBefore - rendered) / avg);
          first = Math.max(0, Math.min(total - 1, first));
          last = first + Math.ceil(view.height / avg);
        }
        const nearTop = from > 0 && first < from + 3;
        const nearBottom = from + shown < total && last > from + shown - 4;
        const report = `${from}:${first}:${Math.round(measured)}`;
        if ((nearTop || nearBottom || Math.abs(measured - avg) > avg / 4) && report !== lastReport) {
          lastReport = report;
          // with the window it was measured against: the server drops a report about a window it has since moved
          dotnet.invokeMethodAsync('OnCardsScrolled', first, measured, from).catch(() => { /* circuit gone */ });
        }
      };
      const onScroll = () => { if (!queued) { queued = true; requestAnimationFrame(check); } };
      scroller.addEventListener('scroll', onScroll, { passive: true });
      cardWatchers.set(scrollerSelector, () => scroller.removeEventListener('scroll', onScroll));
    },

    // The document page's wiring in one call: selection and highlight clicks in the text, the card list's scrolling;
    // then the page says it is interactive (a click from now on reaches a handler).
    watchDocument(dotnet) {
      annotateHub.watchSelection('#doc-text', dotnet);
      annotateHub.watchCards('.side', dotnet);
      const page = document.querySelector('.document-page');
      if (page) { page.dataset.interactive = 'true'; }
    },

    unwatchDocument() {
      annotateHub.unwatchSelection('#doc-text');
      annotateHub.unwatchCards('.side');
    },

    unwatchCards(scrollerSelector) {
      const stop = cardWatchers.get(scrollerSelector);
      if (stop) { stop(); cardWatchers.delete(scrollerSelector); }
    },

    // Tells .NET (OnSelectionChanged) whenever the reader selects text in the container with mouse or keyboard, and
    // (OnHighlightClicked) when they click a highlight without selecting: the innermost highlight under the pointer.
    watchSelection(containerSelector, dotnet) {
      annotateHub.unwatchSelection(containerSelector);
      let last = '';
      const report = () => {
        const s = annotateHub.selectionIn(containerSelector);
        const key = s ? `${s.start}:${s.end}` : '';
        if (key === last) { return; }
        last = key;
        dotnet.invokeMethodAsync('OnSelectionChanged', s ? s.start : -1, s ? s.end : -1, s ? s.top : 0, s ? s.left : 0)
          .catch(() => { /* circuit gone */ });
      };
      let timer = 0;
      // focus moving into the composer takes the selection with it: that is not the reader dropping their selection
      const onChange = () => { clearTimeout(timer); if (!inComposer()) { timer = setTimeout(report, 120); } };
      document.addEventListener('selectionchange', onChange);
      const container = document.querySelector(containerSelector);
      const onKey = (e) => keyboardSelect(e, container, () => { clearTimeout(timer); report(); }, dotnet);
      const onClick = (e) => {
        const mark = e.target instanceof Element ? e.target.closest('mark.hl[data-annotation]') : null;
        const sel = window.getSelection();
        if (!mark || !container || !container.contains(mark) || (sel && !sel.isCollapsed)) { return; }
        const ids = mark.dataset.annotation.split(' ').filter((x) => x);
        if (ids.length) { dotnet.invokeMethodAsync('OnHighlightClicked', ids[ids.length - 1]).catch(() => { /* circuit gone */ }); }
      };
      if (container) { container.addEventListener('click', onClick); container.addEventListener('keydown', onKey); }
      watchers.set(containerSelector, () => {
        document.removeEventListener('selectionchange', onChange);
        clearTimeout(timer);
        if (container) { container.removeEventListener('click', onClick); container.removeEventListener('keydown', onKey); }
      });
    },

    unwatchSelection(containerSelector) {
      const stop = watchers.get(containerSelector);
      if (stop) { stop(); watchers.delete(containerSelector); }
    },

    clearSelection() { const sel = window.getSelection(); if (sel) { sel.removeAllRanges(); } },

    focus(selector) { const el = document.querySelector(selector); if (el) { el.focus({ preventScroll: true }); } },

    // Focuses a text field by id with the caret at the end (after a mention was inserted into it).
    focusEnd(id) {
      const el = document.getElementById(id);
      if (!el) { return; }
      el.focus({ preventScroll: true });
      const end = el.value.length;
      el.setSelectionRange(end, end);
    },

    // The composer just opened: bring it into view (on a narrow screen it is a bottom sheet, so scroll the page until the
    // selection sits above it), and when asked, move focus into it, remembering where focus was to give it back.
    showComposer(moveFocus, opener) {
      const composer = document.querySelector('[data-composer]');
      if (!composer) { return; }
      const sel = window.getSelection();
      const range = sel && sel.rangeCount && !sel.isCollapsed ? sel.getRangeAt(0) : null;
      if (getComputedStyle(composer).position === 'fixed') {
        if (range) {
          const r = range.getBoundingClientRect();
          const sheetTop = composer.getBoundingClientRect().top;
          if (r.bottom > sheetTop - 8 || r.top < 0) { window.scrollBy({ top: r.bottom - sheetTop + 24, behavior: 'instant' }); }
        }
      } else {
        composer.scrollIntoView({ block: 'nearest' });
      }
      if (moveFocus) {
        if (range) { savedCaret = range.cloneRange(); savedCaret.collapse(false); }
        composerOpener = opener || null;
        const target = composer.querySelector('[data-autofocus]') || composer.querySelector('input, textarea, button');
        if (target) { target.focus({ preventScroll: true }); }
      }
    },

    // A cited document opened beside this one (PassageBeside): its passage in view, focus on its heading; the control
    // that opened it gets focus back when it closes (besideClosed).
    showBeside() {
      const panel = document.querySelector('[data-beside]');
      if (!panel) { return; }
      if (!panel.contains(document.activeElement)) { besideOpener = document.activeElement; }
      const mark = panel.querySelector('[data-cited-passage]');
      const text = panel.querySelector('.beside-text');
      if (mark && text) {
        text.scrollTop += mark.getBoundingClientRect().top - text.getBoundingClientRect().top - text.clientHeight / 3;
      }
      panel.querySelector('h2')?.focus({ preventScroll: true });
    },

    besideClosed() {
      const opener = besideOpener;
      besideOpener = null;
      if (opener && opener.isConnected) { opener.focus({ preventScroll: true }); }
    },

    // A passage of this document asked for by the address (?at=start-end, code points): highlighted with the CSS
    // Custom Highlight API (the text's own markup is untouched) and scrolled to the middle of the screen.
    showPassage(containerSelector, start, end) {
      const mark = () => {
        const container = document.querySelector(containerSelector);
        if (!container) { return null; }
        const at = (offset) => {
          const segs = container.querySelectorAll('[data-s]');
          let seg = null;
          for (const s of segs) { if (Number(s.dataset.s) <= offset) { seg = s; } else { break; } }
          const node = seg && seg.firstChild;
          if (!node) { return null; }
          let i = 0, n = offset - Number(seg.dataset.s);
          while (n > 0 && i < node.data.length) { i += node.data.codePointAt(i) > 0xffff ? 2 : 1; n--; }
          return [node, i];
        };
        const a = at(start), b = at(end);
        if (!a || !b) { return null; }
        const range = document.createRange();
        range.setStart(a[0], a[1]);
        range.setEnd(b[0], b[1]);
        if (window.CSS && CSS.highlights && window.Highlight) { CSS.highlights.set('ah-cited', new Highlight(range)); }
        return range;
      };
      const range = mark();
      if (!range) { return false; }
      const r = range.getBoundingClientRect();
      window.scrollBy({ top: r.top - window.innerHeight / 3, behavior: 'instant' });
      // The text can render again just after landing (the rest of the page's first renders, a live change): its nodes
      // are then new and the mark's range collapses. For a few seconds, mark the passage again whenever that happens.
      if (passageKeeper) { passageKeeper.disconnect(); }
      const here = location.pathname;
      const keeper = new MutationObserver(() => {
        if (location.pathname !== here) { keeper.disconnect(); return; } // another document now: its own landing
        const h = window.CSS && CSS.highlights ? CSS.highlights.get('ah-cited') : null;
        const kept = h ? [...h][0] : null;
        if (!kept || kept.collapsed || !kept.startContainer.isConnected) { mark(); }
      });
      keeper.observe(document.querySelector('main') || document.body, { childList: true, subtree: true, characterData: true });
      passageKeeper = keeper;
      setTimeout(() => { keeper.disconnect(); if (passageKeeper === keeper) { passageKeeper = null; } }, 5000);
      return true;
    },

    // The composer closed (saved or cancelled): focus goes back where it was before it opened; in the text, with the
    // caret at the end of the passage that was selected, so the reader can go on from there.
    // Only if focus is still in the composer (or fell to the page when it went): a reader who has moved on to another
    // field keeps it (found: typing a reply just after saving lost everything after the first few letters).
    composerClosed() {
      const opener = composerOpener ? document.querySelector(composerOpener) : null;
      composerOpener = null;
      const active = document.activeElement;
      const movedOn = active && active !== document.body && active.isConnected && !active.closest('[data-composer]');
      if (!opener || movedOn) { savedCaret = null; return; }
      opener.focus({ preventScroll: true });
      if (savedCaret && opener.contains(savedCaret.startContainer)) {
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(savedCaret);
      }
      savedCaret = null;
    },

    // Colour mode (MainLayout): the reader's choice is kept in a cookie for a year ("light", "dark", or none to follow
    // the system), so the server renders the next page in the right mode; apply() sets html[data-theme] for app.css.
    theme: {
      remember(choice) {
        document.cookie = choice
          ? `ah-theme=${choice}; path=/; max-age=31536000; SameSite=Lax`
          : 'ah-theme=; path=/; max-age=0; SameSite=Lax';
      },
      apply(mode) { document.documentElement.dataset.theme = mode; },
    },

    // Drafts of the document page's text fields (see the "fields" section below).
    drafts: {
      // Forgets the drafts of these fields (their text was saved, or the reader cancelled).
      clear(...fieldIds) { for (const id of fieldIds) { forgetDraft(id); } },
    },
  };

  // "@" typed at the start of a word in a reply opens the member picker (AnnotationCard's MentionPicker) instead.
  document.addEventListener('keydown', (e) => {
    const box = e.target;
    if (e.key !== '@' || !(box instanceof HTMLTextAreaElement) || !box.matches('[data-reply-input]')) { return; }
    const before = box.value.slice(0, box.selectionStart);
    if (box.selectionStart !== box.value.length || (before.length > 0 && !/\s$/.test(before))) { return; }
    const open = box.closest('.reply-form')?.querySelector('[data-mention-open]');
    if (open) { e.preventDefault(); open.click(); }
  });

  // Escape in the composer is its Cancel (focus then goes back where it came from); handled here so that typing in it
  // sends no key events to the server.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !(e.target instanceof Element)) { return; }
    const composer = e.target.closest('[data-composer]');
    if (composer && !e.target.closest('.mud-popover-open, [aria-expanded="true"]')) { composer.querySelector('[data-cancel]')?.click(); }
  });

  // The system's colour mode, remembered for the server's first render of the next page (AppTheme.SystemCookie).
  const systemDark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  const rememberSystem = () => {
    if (systemDark) { document.cookie = `ah-os-theme=${systemDark.matches ? 'dark' : 'light'}; path=/; max-age=31536000; SameSite=Lax`; }
  };
  rememberSystem();
  if (systemDark && systemDark.addEventListener) { systemDark.addEventListener('change', rememberSystem); }

  // --- Text fields: a live counter near the limit, nothing sent past it, drafts kept in this browser, and no action
  // lost while the connection is down.
  //   data-limit="N"  on an input or textarea: its limit in code points (the server counts the same way, after NFC)
  //   data-draft      on an input or textarea with an id, inside [data-draft-scope]: its text is kept in localStorage
  //                   per user, document and field until it is saved, and restored with a visible note
  //   [data-field-meta="<field id>"]: where the counter, the over-limit message and the "draft restored" note go
  //   [data-form]     a form: its buttons (except .secondary and [data-cancel], unless [data-sends]) send nothing while a
  //                   field of it is too long
  // Any other text field is held to the page's data-field-limit (the longest field the server accepts), so no paste
  // can exceed what the server's connection takes.
  const defaultLimit = Number(document.documentElement.dataset.fieldLimit) || 20000;
  const draftPrefix = 'annotatehub:draft:';
  const draftDays = 30;
  const beforeRestore = new WeakMap();
  const fmt = new Intl.NumberFormat();

  const isTextField = (el) => el instanceof HTMLTextAreaElement ||
    (el instanceof HTMLInputElement && ['text', 'search', 'url', 'email', ''].includes(el.type));
  const limitOf = (field) => Number(field.dataset.limit) || defaultLimit;
  const countOf = (field) => cpLen(field.value.normalize('NFC'));

  function scopeOf(field) {
    const root = field.closest('[data-draft-scope]');
    return root && root.dataset.draftScope ? root.dataset.draftScope : null;
  }

  function draftKey(field) {
    const scope = scopeOf(field);
    return scope && field.id ? draftPrefix + scope + ':' + field.id : null;
  }

  function readDraft(key) {
    try {
      const raw = localStorage.getItem(key);
      if (!raw) { return null; }
      const draft = JSON.parse(raw);
      return typeof draft.text === 'string' ? draft : null;
    } catch { return null; }
  }

  function saveDraft(field) {
    const key = draftKey(field);
    if (!key) { return; }
    try {
      if (field.value.trim() === '' || field.value === beforeRestore.get(field)?.original) {
        localStorage.removeItem(key);
      } else {
        localStorage.setItem(key, JSON.stringify({ text: field.value, at: Date.now() }));
      }
    } catch { /* storage full or disabled: the field still works, only the draft is not kept */ }
  }

  function forgetDraft(fieldId) {
    const field = document.getElementById(fieldId);
    const root = (field && field.closest('[data-draft-scope]')) || document.querySelector('[data-draft-scope]');
    if (!root) { return; }
    try { localStorage.removeItem(draftPrefix + root.dataset.draftScope + ':' + fieldId); } catch { /* nothing kept */ }
    if (field) {
      beforeRestore.delete(field);
      const meta = metaOf(field);
      if (meta) { meta.querySelector('[data-draft-note]')?.remove(); }
    }
  }

  function forgetOldDrafts() {
    try {
      const oldest = Date.now() - draftDays * 86400000;
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const key = localStorage.key(i);
        if (key && key.startsWith(draftPrefix) && (readDraft(key)?.at ?? 0) < oldest) { localStorage.removeItem(key); }
      }
    } catch { /* storage disabled */ }
  }

  function metaOf(field) {
    return field.id ? document.querySelector(`[data-field-meta="${CSS.escape(field.id)}"]`) : null;
  }

  // Shows the counter (from 90 % of the limit) or the over-limit message; true when the field is over its limit.
  function showCount(field) {
    const limit = limitOf(field);
    const count = countOf(field);
    const over = count > limit;
    field.toggleAttribute('data-over-limit', over);
    if (over) { field.setAttribute('aria-invalid', 'true'); } else if (field.dataset.overLimitMarked) { field.removeAttribute('aria-invalid'); }
    if (over) { field.dataset.overLimitMarked = 'true'; } else { delete field.dataset.overLimitMarked; }
    const meta = metaOf(field);
    if (!meta) { return over; }
    let counter = meta.querySelector('[data-counter]');
    if (!counter) {
      counter = document.createElement('span');
      counter.setAttribute('data-counter', '');
      meta.prepend(counter);
    }
    counter.className = over ? 'counter over' : count >= limit * 0.9 ? 'counter near' : 'counter';
    counter.textContent = over
      ? `${fmt.format(count - limit)} ${count - limit === 1 ? 'character' : 'characters'} over the limit of ${fmt.format(limit)}. Shorten the text: nothing is sent until it fits.`
      : count >= limit * 0.9 ? `${fmt.format(count)} / ${fmt.format(limit)} characters` : '';
    return over;
  }

  function showRestored(field, draft) {
    const meta = metaOf(field);
    if (!meta) { return; }
    meta.querySelector('[data-draft-note]')?.remove();
    const note = document.createElement('span');
    note.className = 'draft-note';
    note.setAttribute('data-draft-note', '');
    const when = new Date(draft.at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
    note.append(document.createTextNode(`Draft restored (typed ${when}, not sent yet). `));
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'link';
    discard.setAttribute('data-draft-discard', '');
    discard.textContent = 'Discard draft';
    discard.addEventListener('click', () => {
      const original = beforeRestore.get(field)?.original ?? '';
      forgetDraft(field.id);
      field.value = original;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.focus();
    });
    note.append(discard);
    meta.append(note);
  }

  // Puts a kept draft back into a field that just appeared (after a reload, a restart or opening an editor).
  function restore(field) {
    if (!field.matches('[data-draft]') || beforeRestore.has(field)) { return; }
    const key = draftKey(field);
    const draft = key ? readDraft(key) : null;
    beforeRestore.set(field, { original: field.value });
    if (!draft || draft.text === field.value) { return; }
    field.value = draft.text;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    showRestored(field, draft);
  }

  function restoreWithin(node) {
    if (!(node instanceof Element) || !node.closest('[data-draft-scope][data-interactive="true"]')) { return; }
    if (node.matches('[data-draft]')) { restore(node); }
    node.querySelectorAll('[data-draft]').forEach(restore);
  }

  // Text typed into a field: kept as a draft, counted, and held back from the server while it is over the limit (a
  // longer message would also exceed what the server accepts and drop the connection).
  window.addEventListener('input', (event) => {
    const field = event.target;
    if (!isTextField(field)) { return; }
    if (field.matches('[data-draft]')) { saveDraft(field); }
    if (showCount(field)) { event.stopImmediatePropagation(); }
  }, true);
  window.addEventListener('change', (event) => {
    if (isTextField(event.target) && countOf(event.target) > limitOf(event.target)) { event.stopImmediatePropagation(); }
  }, true);
  window.addEventListener('focusin', (event) => { if (isTextField(event.target)) { showCount(event.target); } });

  // A click that would send a form with a field over its limit, or anything while the connection is down, is stopped
  // and says why (never silently dropped).
  window.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button || button.closest('#components-reconnect-modal') || button.matches('[data-draft-discard]')) { return; }
    if (document.documentElement.classList.contains('offline')) {
      event.stopImmediatePropagation();
      event.preventDefault();
      return;
    }
    const form = button.closest('[data-form]');
    if (!form || (button.matches('.secondary, [data-cancel]') && !button.matches('[data-sends]'))) { return; }
    const tooLong = Array.from(form.querySelectorAll('input, textarea')).find((f) => isTextField(f) && showCount(f));
    if (tooLong) {
      event.stopImmediatePropagation();
      event.preventDefault();
      tooLong.focus();
    }
  }, true);

  // While the connection is down (ReconnectModal.razor.js raises these), buttons are disabled with the reason; typing
  // goes on into drafts. When it is back, what was typed meanwhile is sent to the server's copy of each field.
  const offlineReason = 'Not connected: this waits until the connection is back. What you type is kept in this browser.';
  window.addEventListener('annotatehub:offline', () => {
    document.documentElement.classList.add('offline');
    document.querySelectorAll('main button:not([disabled])').forEach((b) => {
      if (b.closest('#components-reconnect-modal')) { return; }
      b.disabled = true;
      b.dataset.offlineDisabled = b.getAttribute('title') ?? '';
      b.title = offlineReason;
    });
  });
  window.addEventListener('annotatehub:online', () => {
    document.documentElement.classList.remove('offline');
    document.querySelectorAll('button[data-offline-disabled]').forEach((b) => {
      b.disabled = false;
      if (b.dataset.offlineDisabled) { b.title = b.dataset.offlineDisabled; } else { b.removeAttribute('title'); }
      delete b.dataset.offlineDisabled;
    });
    document.querySelectorAll('[data-draft-scope] [data-draft]').forEach((field) => {
      if (field.value !== (beforeRestore.get(field)?.original ?? '')) { field.dispatchEvent(new Event('input', { bubbles: true })); }
    });
  });

  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes') { restoreWithin(mutation.target); continue; }
      mutation.addedNodes.forEach((node) => {
        if (node instanceof Element && !node.closest('#doc-text')) { restoreWithin(node); }
      });
    }
  }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-interactive'] });
  forgetOldDrafts();
})();
