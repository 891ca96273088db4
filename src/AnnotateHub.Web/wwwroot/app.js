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

    // Tells .NET (OnSelectionChanged) whenever the reader selects text in the container with mouse or keyboard.
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
      watchers.set(containerSelector, () => { document.removeEventListener('selectionchange', onChange); clearTimeout(timer); });
    },

    unwatchSelection(containerSelector) {
      const stop = watchers.get(containerSelector);
      if (stop) { stop(); watchers.delete(containerSelector); }
    },

    clearSelection() { const sel = window.getSelection(); if (sel) { sel.removeAllRanges(); } },

    focus(selector) { const el = document.querySelector(selector); if (el) { el.focus({ preventScroll: true }); } },
  };

  // Reload buttons of the reconnect banner (no inline handlers: the Content-Security-Policy forbids them).
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-reload]')) { location.reload(); }
  });
})();
