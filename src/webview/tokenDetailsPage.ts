// The token details page: forwards button clicks to the extension and shows its answers. The secret
// is never read here, never posted back and never put into webview state: the extension copies it
// itself on 'copySecret'. Bundled by esbuild for the browser; type-checked with the rest.
import { ACTION_BUTTONS, INSTANT_ACTIONS, isStatusMessage, type ActionMessage } from './tokenDetailsMessages';

declare function acquireVsCodeApi(): { postMessage(message: ActionMessage): void };

const vscode = acquireVsCodeApi();
const status = document.getElementById('status');

function setBusy(busy: boolean): void {
  for (const button of Array.from(document.querySelectorAll('button'))) button.disabled = busy;
  document.body.setAttribute('aria-busy', busy ? 'true' : 'false');
}

for (const [id, type] of Object.entries(ACTION_BUTTONS)) {
  document.getElementById(id)?.addEventListener('click', () => {
    if (!INSTANT_ACTIONS.has(type)) setBusy(true);
    vscode.postMessage({ type });
  });
}

// Selecting the whole secret on focus makes a manual copy (Ctrl+C) easy and exact.
const secretField = document.getElementById('token-secret');
if (secretField instanceof HTMLInputElement) secretField.addEventListener('focus', () => secretField.select());

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isStatusMessage(event.data) || !status) return;
  status.textContent = event.data.text;
  status.classList.toggle('error', event.data.isError === true);
  setBusy(false);
});
