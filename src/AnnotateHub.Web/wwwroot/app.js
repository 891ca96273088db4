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
  const cardWatchers = new Map();
  const freshTimers = new WeakMap();

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
    // so look for it for up to a second). Never steals focus.
    revealCard(annotationId) {
      const selector = `.card[data-annotation-id='${CSS.escape(annotationId)}']`;
      const started = performance.now();
      const attempt = () => {
        const card = document.querySelector(selector);
        if (card) {
          const side = card.closest('.side');
          const r = card.getBoundingClientRect();
          const box = side ? side.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
          if (r.top < box.top || r.bottom > box.bottom || r.top < 0 || r.bottom > window.innerHeight) {
            card.scrollIntoView({ block: 'nearest' });
          }
          return;
        }
        if (performance.now() - started < 1000) { requestAnimationFrame(attempt); }
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
        const report = `${first}:${Math.round(measured)}`;
        if ((nearTop || nearBottom || Math.abs(measured - avg) > avg / 4) && report !== lastReport) {
          lastReport = report;
          dotnet.invokeMethodAsync('OnCardsScrolled', first, measured).catch(() => { /* circuit gone */ });
        }
      };
      const onScroll = () => { if (!queued) { queued = true; requestAnimationFrame(check); } };
      scroller.addEventListener('scroll', onScroll, { passive: true });
      cardWatchers.set(scrollerSelector, () => scroller.removeEventListener('scroll', onScroll));
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
      const onChange = () => { clearTimeout(timer); timer = setTimeout(report, 120); };
      document.addEventListener('selectionchange', onChange);
      const container = document.querySelector(containerSelector);
      const onClick = (e) => {
        const mark = e.target instanceof Element ? e.target.closest('mark.hl[data-annotation]') : null;
        const sel = window.getSelection();
        if (!mark || !container || !container.contains(mark) || (sel && !sel.isCollapsed)) { return; }
        const ids = mark.dataset.annotation.split(' ').filter((x) => x);
        if (ids.length) { dotnet.invokeMethodAsync('OnHighlightClicked', ids[ids.length - 1]).catch(() => { /* circuit gone */ }); }
      };
      if (container) { container.addEventListener('click', onClick); }
      watchers.set(containerSelector, () => {
        document.removeEventListener('selectionchange', onChange);
        clearTimeout(timer);
        if (container) { container.removeEventListener('click', onClick); }
      });
    },

    unwatchSelection(containerSelector) {
      const stop = watchers.get(containerSelector);
      if (stop) { stop(); watchers.delete(containerSelector); }
    },

    clearSelection() { const sel = window.getSelection(); if (sel) { sel.removeAllRanges(); } },

    focus(selector) { const el = document.querySelector(selector); if (el) { el.focus({ preventScroll: true }); } },
  };
})();
