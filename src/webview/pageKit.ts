// What the table pages' scripts (token report, fleet inventory) build their rows with: elements whose
// text is set with textContent (server text never becomes markup), and counts in the page's language.
// Bundled into each page by esbuild; no `vscode`, no Node.

declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
};

/** What a table page may do with its webview: post its messages, keep its view (nothing else) as state. */
export interface PageApi<Message, State> {
  postMessage(message: Message): void;
  getState(): unknown;
  setState(state: State): void;
}

/**
 * The webview's API, typed by what the page posts and keeps, and the page's root element with the
 * words the host translated for it (its `data-strings`). Asked for once: VS Code allows one call.
 */
export function startPage<Message, State, Strings>(
  rootId: string,
): { vscode: PageApi<Message, State>; root: HTMLElement; strings: Strings } {
  const root = document.getElementById(rootId) as HTMLElement;
  return { vscode: acquireVsCodeApi(), root, strings: JSON.parse(root.dataset.strings ?? '{}') as Strings };
}

/** The element with this id, as the page's HTML frame has it. */
export const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** A new element with `text` as its text content (never HTML) and `className`. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Counts with digits grouped as the display language does (the host sets the page's lang). */
export function count(n: number): string {
  try {
    return n.toLocaleString(document.documentElement.lang || undefined);
  } catch {
    return String(n);
  }
}

/**
 * Gives a redrawn row's button the focus back: the one for `action`, else the row's first. Only
 * while the page has the focus: a redraw in the background (a refresh, an export listing the fleet)
 * must not pull the focus out of what the person is doing elsewhere, such as a quick pick, which closes.
 */
export function refocusRowButton(row: HTMLTableRowElement | undefined, action: string | undefined): void {
  if (!row || !document.hasFocus()) return;
  const target =
    Array.from(row.querySelectorAll<HTMLButtonElement>('button')).find((button) => button.dataset.action === action) ??
    row.querySelector('button');
  target?.focus();
}

/** The extension's one-line status message (a copy done, a failure), as text. */
export function showStatus(status: HTMLElement, message: { readonly text: string; readonly isError?: boolean }): void {
  status.textContent = message.text;
  status.classList.toggle('error', message.isError === true);
}
