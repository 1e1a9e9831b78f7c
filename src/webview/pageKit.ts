// What the table pages' scripts (token report, fleet inventory) build their rows with: elements whose
// text is set with textContent (server text never becomes markup), and counts in the page's language.
// Bundled into each page by esbuild; no `vscode`, no Node.

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
