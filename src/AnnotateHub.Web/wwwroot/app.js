// Small helpers the Blazor components call. No user text is ever passed to innerHTML here.
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
};

// Reload buttons of the reconnect banner (no inline handlers: the Content-Security-Policy forbids them).
document.addEventListener('click', (e) => {
  if (e.target instanceof Element && e.target.closest('[data-reload]')) { location.reload(); }
});
