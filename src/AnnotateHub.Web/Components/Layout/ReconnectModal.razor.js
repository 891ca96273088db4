// The reconnect dialog of ReconnectModal.razor (.NET 10's components-reconnect-state-changed events). Whatever happens,
// the page comes back by itself: a reconnect when the circuit is still on the server, a resume when the circuit was
// paused, and a reload when the server no longer has it (it restarted) or when it answers again after a long outage.
const modal = document.getElementById('components-reconnect-modal');
const retryEveryMs = 3000;
let retryTimer = 0;
let reloading = false;

// app.js disables the page's buttons (with the reason) while the connection is down, and sends what was typed meanwhile
// once it is back. The dialog is not modal: typing goes on, into drafts kept in this browser.
let offline = false;
function setOffline(value) {
  if (offline === value) { return; }
  offline = value;
  window.dispatchEvent(new Event(value ? 'annotatehub:offline' : 'annotatehub:online'));
}

modal.addEventListener('components-reconnect-state-changed', (event) => {
  const state = event.detail.state;
  modal.dataset.state = state;
  setOffline(state !== 'hide');
  switch (state) {
    case 'show':
    case 'retrying':
      open();
      break;
    case 'hide':
      stopRetrying();
      close();
      break;
    case 'failed':
      // Blazor gave up on its schedule: keep trying on ours until the server answers
      open();
      keepRetrying();
      break;
    case 'rejected':
    case 'resume-failed':
      // the server answered but has no such circuit (it restarted): only a fresh page can continue
      open();
      reload();
      break;
    case 'paused':
      open();
      resumeWhenVisible();
      break;
  }
});

document.getElementById('components-reconnect-button').addEventListener('click', () => { retryNow(); });
document.getElementById('components-resume-button').addEventListener('click', () => { resume(); });
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible') { return; }
  if (modal.dataset.state === 'failed') { retryNow(); }
  if (modal.dataset.state === 'paused') { resume(); }
});
window.addEventListener('online', () => { if (modal.dataset.state === 'failed') { retryNow(); } });

function open() {
  if (!modal.open) { modal.show(); }
}

function close() {
  if (modal.open) { modal.close(); }
  setOffline(false);
}

function reload() {
  if (!reloading) {
    reloading = true;
    location.reload();
  }
}

function keepRetrying() {
  stopRetrying();
  retryTimer = setTimeout(async () => {
    if (!await retryNow()) { keepRetrying(); }
  }, retryEveryMs);
}

function stopRetrying() {
  clearTimeout(retryTimer);
  retryTimer = 0;
}

// One attempt; true when the page is live again (or reloading), false when the server is still unreachable.
async function retryNow() {
  try {
    // true: reconnected; false: the server answered but no longer has this circuit; throws: not reachable
    if (await Blazor.reconnect()) {
      stopRetrying();
      close();
      return true;
    }
    if (await Blazor.resumeCircuit()) {
      stopRetrying();
      close();
      return true;
    }
    reload();
    return true;
  } catch {
    return false;
  }
}

async function resume() {
  try {
    if (await Blazor.resumeCircuit()) {
      close();
      return;
    }
  } catch {
    // the server is not reachable: the reload below shows the browser's own error and the user can retry from there
  }
  reload();
}

function resumeWhenVisible() {
  if (document.visibilityState === 'visible') { resume(); }
}
