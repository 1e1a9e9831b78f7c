// What the two webview pages (token details, token report) share: the resources the panel hands the
// HTML, the translator it uses, and the document's head with its strict Content Security Policy.
// Plain module (no `vscode` import): the renderers built on it are unit-tested without an editor.
import { escapeHtml, fillPlaceholders } from '../../core/text/displayText';

export interface WebviewResources {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** A stylesheet the page shares with others (the table pages'), linked before its own. */
  readonly sharedStyleUri?: string;
}

/** The part of `vscode.l10n` the pages need. */
export interface Localizer {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** English, with `{0}`-style arguments filled in: what `vscode.l10n` does without a translation. */
export const english: Localizer = { t: fillPlaceholders };

/**
 * The document up to its body: nothing may load but the page's own stylesheet and images and the
 * one script carrying the nonce. `cspSource` and `nonce` come from the editor and the panel, not from
 * a server: used as they are.
 */
export function documentHead(resources: WebviewResources, title: string, language: string): string {
  const { cspSource, nonce } = resources;
  const csp = `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource};`;
  const styles = [resources.sharedStyleUri, resources.styleUri]
    .flatMap((uri) => (uri ? [`<link rel="stylesheet" href="${escapeHtml(uri)}">`] : []))
    .join('\n  ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  ${styles}
  <title>${escapeHtml(title)}</title>
</head>`;
}

/** The page's script, allowed by the nonce. */
export function pageScript(resources: WebviewResources): string {
  return `<script nonce="${resources.nonce}" src="${escapeHtml(resources.scriptUri)}"></script>`;
}

/** A table's header row cells: each column's label in a sort button, `aria-sort` kept by the page script. */
export function sortableHeaders(columns: ReadonlyArray<readonly [column: string, label: string]>): string {
  return columns
    .map(
      ([column, label]) =>
        `<th scope="col" data-column="${escapeHtml(column)}" aria-sort="none">` +
        `<button type="button" class="sort">${escapeHtml(label)}<span class="sort-mark" aria-hidden="true">` +
        `</span></button></th>`,
    )
    .join('');
}

/** A button of ours: `id` and `extra` attributes are the page's own, the label is escaped. */
export function button(id: string, label: string, extra = ''): string {
  return `<button type="button" id="${id}"${extra}>${escapeHtml(label)}</button>`;
}

/** The filter box of a table page's toolbar, with its label. */
export function filterBox(l10n: Localizer, placeholder: string, maxLength: number): string {
  return `<label for="filter">${escapeHtml(l10n.t('Filter'))}</label>
        <input id="filter" type="search" maxlength="${maxLength}" spellcheck="false" autocomplete="off"
          placeholder="${escapeHtml(placeholder)}">`;
}
