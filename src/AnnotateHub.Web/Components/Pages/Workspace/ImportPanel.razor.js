// The pasted text of the import panel goes to the server as a stream: one circuit message is limited to 32 KB, a
// document may be 5 MB. No user text is ever put into the DOM from here.

export function byteLength(textarea) {
  return textarea ? new TextEncoder().encode(textarea.value).length : 0;
}

export function read(textarea) {
  return new TextEncoder().encode(textarea ? textarea.value : '');
}
