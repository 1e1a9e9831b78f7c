// Token details webview: forwards button clicks to the extension and shows its answers.
// The secret is never read here, never posted back and never put into webview state:
// the extension copies it itself on 'copySecret'.
(function () {
  const vscode = acquireVsCodeApi();
  const status = document.getElementById('status');

  /** Button id -> message type the extension handles. */
  const actions = {
    'copy-id': 'copyId',
    'copy-secret': 'copySecret',
    renew: 'renew',
    delete: 'delete',
    'check-expiry': 'checkExpiry',
    'use-as-credential': 'useAsCredential',
  };

  function allButtons() {
    return Array.from(document.querySelectorAll('button'));
  }

  function setBusy(busy) {
    for (const b of allButtons()) b.disabled = busy;
    document.body.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  for (const [id, type] of Object.entries(actions)) {
    const button = document.getElementById(id);
    if (!button) continue;
    button.addEventListener('click', () => {
      // Copying is instant; the others wait for the server, so block double clicks until answered.
      if (type !== 'copyId' && type !== 'copySecret') setBusy(true);
      vscode.postMessage({ type });
    });
  }

  // Selecting the whole secret on focus makes a manual copy (Ctrl+C) easy and exact.
  const secretField = document.getElementById('token-secret');
  if (secretField) secretField.addEventListener('focus', () => secretField.select());

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'status' || !status) return;
    status.textContent = typeof message.text === 'string' ? message.text : '';
    status.classList.toggle('error', message.isError === true);
    setBusy(false);
  });
})();
