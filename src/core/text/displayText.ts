// Server strings are shown in tree rows, tooltips, notifications, pickers, webviews and exports.
// Each of those places gives some characters a meaning (bidi controls reorder the text around
// them, `[x](command:y)` is a link in a notification, `=` starts a formula in a spreadsheet), so
// every server string goes through one of these before it is shown. All are pure.

/** Default length of a displayed server string, in UTF-16 code units (ellipsis included). */
export const DISPLAY_MAX_LENGTH = 200;
/** Default length of a whole message (a notification): our words around shortened server text. */
export const MESSAGE_MAX_LENGTH = 1_000;

/** Rows a long list shows at a time (the tree's lists, the token report's pages): opens at once at 50,000. */
export const PAGE_SIZE = 200;

const ELLIPSIS = '\u2026';

// C0 controls other than tab/newlines/vt/ff/cr, DEL, C1 controls other than NEL, the bidi controls
// (ALM, LRM/RLM, LRE..RLO, LRI..PDI) and invisible format characters that can hide or spoof text.
const REMOVED = new RegExp(
  '[\\u0000-\\u0008\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F' +
    '\\u061C\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF]',
  'g',
);
/** Whitespace as JavaScript knows it, plus NEL (a C1 line break): each run becomes one space. */
const WHITESPACE_RUN = /[\s\u0085]+/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A server string fit for one line of UI: bidi and other control characters removed, lone surrogates
 * replaced by U+FFFD, each run of whitespace (newlines and tabs included) one space, trimmed, and cut
 * with an ellipsis beyond `maxLength` code units without splitting a surrogate pair.
 */
export function displayText(s: string, maxLength: number = DISPLAY_MAX_LENGTH): string {
  const text = s.replace(LONE_SURROGATE, '\uFFFD').replace(REMOVED, '').replace(WHITESPACE_RUN, ' ').trim();
  return shorten(text, maxLength);
}

function shorten(text: string, maxLength: number): string {
  const max = Math.max(1, Math.floor(Number.isNaN(maxLength) ? DISPLAY_MAX_LENGTH : maxLength));
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/**
 * Whether `displayText(s)` would be empty: nothing but whitespace, controls and invisible characters.
 * A loop rather than a regex, as the decoders call it for every name of every record.
 */
export function isBlankText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (!isInvisible(s.charCodeAt(i))) return false;
  }
  return true;
}

function isInvisible(c: number): boolean {
  if (c <= 0x20) return true; // C0 controls and space
  if (c < 0x7f) return false;
  if (c <= 0xa0) return true; // DEL, C1 controls, NBSP
  return (
    c === 0x061c ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200f) ||
    (c >= 0x2028 && c <= 0x202f) ||
    (c >= 0x205f && c <= 0x2064) ||
    (c >= 0x2066 && c <= 0x206f) ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Text for VS Code notifications and quick-input prompts, placeholders and titles. Those render
 * `[label](command:...)` and `[label](https://...)` as links (vs/base/common/linkedText.ts), and a
 * backslash does not escape them there; a link needs `](`, so a `]` before `(`, or at the end where
 * the text after it could supply the `(`, becomes a full-width `］`: it reads the same and is never
 * part of a link. Applies `displayText` first.
 */
export function inertMessageText(s: string, maxLength: number = DISPLAY_MAX_LENGTH): string {
  return displayText(s, maxLength).replace(/\](?=\(|$)/g, '\uFF3D');
}

/**
 * A server string for a MarkdownString (tooltips): `displayText`, then every ASCII punctuation
 * character backslash-escaped, so that no emphasis, link, autolink (`https:`, `www.`), HTML, table,
 * heading or `$(icon)` syntax survives.
 */
export function escapeMarkdown(s: string, maxLength: number = DISPLAY_MAX_LENGTH): string {
  return displayText(s, maxLength).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * A server string for a quick pick row's label, description or detail: `displayText`, then every
 * `$(` backslash-escaped, because those render `$(name)` as a codicon (vs/base/common/iconLabels.ts:
 * an escaped one shows as the text it is). A token named `$(pass-filled) Approved` could otherwise
 * pass for a row the extension marked.
 */
export function pickRowText(s: string, maxLength: number = DISPLAY_MAX_LENGTH): string {
  return displayText(s, maxLength).replace(/\$\(/g, '\\$(');
}

/** Sentences joined by a space, empty ones left out: each sentence is a message of its own to translate. */
export function sentences(...parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}

/** `{0}`-style placeholders filled with their arguments, as `vscode.l10n.t` does; unknown ones stay. */
export function fillPlaceholders(template: string, ...args: Array<string | number | boolean>): string {
  return template.replace(/\{(\d+)\}/g, (placeholder, index: string) =>
    index in args ? String(args[Number(index)]) : placeholder,
  );
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values in webviews. Pure escaping: no trimming. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A cell that a spreadsheet
 * would take for a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`.
 */
export function csvCell(s: string): string {
  const cell = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** How long server text may be in the token report's rows and in exports: whole, in practice. */
const WHOLE_TEXT_MAX_LENGTH = 100_000;
/** Printable ASCII without space at either end: what displayText leaves as it is (unless spaces double). */
const PLAIN = /^[!-~](?:[ -~]*[!-~])?$/;

/**
 * Server text as the token report and the exports keep it: displayText's one inert line, cut only
 * past 100,000 code units. Plain text skips displayText's regex passes (three per row, 50,000 rows
 * of the token report, on every load): it would come back unchanged.
 */
export function wholeText(s: string): string {
  return s.length <= WHOLE_TEXT_MAX_LENGTH && PLAIN.test(s) && !s.includes('  ')
    ? s
    : displayText(s, WHOLE_TEXT_MAX_LENGTH);
}

/**
 * A UTF-8 byte-order mark: without it Excel reads a CSV in the system's legacy code page and turns
 * "Ørjan" into "Ã˜rjan". Server text never carries one (displayText removes U+FEFF).
 */
const CSV_BYTE_ORDER_MARK = '\uFEFF';

/** A CSV file from its lines (cells already made with csvCell): the byte-order mark first, CRLF line ends. */
export function csvDocument(lines: readonly string[]): string {
  return CSV_BYTE_ORDER_MARK + lines.join('\r\n') + '\r\n';
}
