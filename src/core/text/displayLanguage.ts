// The display language of the core's words: the bundle that @vscode/l10n translates the core's
// `l10n.t` messages with (the editor's own bundle, so one translation serves both layers), and the
// locale Intl writes numbers, spans and relative times in. The extension configures both first thing
// on activation; until then, and in tests that do not, the words are English.
//
// Everything a person sees is worded through `l10n.t`. Lines that go only to the log output channel
// (one per request, records a list left out) stay English, as VS Code's own logs are.
import * as l10n from '@vscode/l10n';

const FALLBACK_LOCALE = 'en';

let currentLocale = FALLBACK_LOCALE;
let currentBundle: Record<string, string> | undefined;

/**
 * Sets the language of the core's words: `locale` is VS Code's display language (`vscode.env.language`,
 * e.g. `de`, `zh-cn`), `bundle` its translations (`vscode.l10n.bundle`, undefined in English). A tag
 * Intl cannot read counts as English. Without a bundle the messages are English: an empty bundle is
 * set, which also undoes an earlier configuration (`configureDisplayLanguage('en', undefined)`).
 */
export function configureDisplayLanguage(locale: string, bundle: Record<string, string> | undefined): void {
  setLocale(locale);
  currentBundle = bundle;
  l10n.config({ contents: bundle ?? {} });
}

/**
 * What the display language was last set to, for a second copy of the core to be given the same:
 * dist/http.js, loaded on the first request, bundles its own (see undiciLoader.ts).
 */
export function displayLanguageSettings(): { readonly locale: string; readonly bundle?: Record<string, string> } {
  return { locale: currentLocale, bundle: currentBundle };
}

/** The locale for Intl formatters, canonical (`zh-CN`); `en` until configured. */
export function displayLocale(): string {
  return currentLocale;
}

function setLocale(tag: string): void {
  try {
    currentLocale = Intl.getCanonicalLocales(tag)[0] ?? FALLBACK_LOCALE;
  } catch {
    currentLocale = FALLBACK_LOCALE;
  }
}
