// One redactor for every piece of server text that can reach a message. Servers echo what they
// were sent in many shapes (an error page quoting the Authorization header, a form echoing a
// field, a proxy wrapping lines), so each secret is matched in all of them: raw, Basic
// base64(user:secret), base64 of the secret, URL- and form-encoded, HTML entities, and split by
// whitespace or line breaks, in any mix.

export type Redact = (text: string) => string;

export interface RedactOptions {
  readonly secrets: readonly string[];
  /** With a secret, the Basic value base64(`username:secret`) is a secret too. */
  readonly username?: string;
}

/** Secrets shorter than this are only redacted as whole words: `Internal server` stays readable. */
const WHOLE_WORD_BELOW = 4;
const MASK = '***';
/** How many of a form's first characters the quick check looks for before the full pattern runs. */
const PREFIX_LENGTH = 3;

const NAMED_ENTITIES: Readonly<Record<string, readonly string[]>> = {
  '&': ['amp'],
  '<': ['lt'],
  '>': ['gt'],
  '"': ['quot'],
  "'": ['apos'],
  ':': ['colon'],
  '/': ['sol'],
  '=': ['equals'],
  '+': ['plus'],
  ' ': ['nbsp'],
  '\t': ['Tab'],
};

export const noRedaction: Redact = (text) => text;

export function createRedactor(options: RedactOptions): Redact {
  const patterns: RegExp[] = [];
  const prefixes: string[] = [];
  const secrets = options.secrets.filter((s) => s.length > 0);
  for (const secret of new Set(secrets)) {
    const forms = new Set([secret, base64(secret), base64(secret).replace(/=+$/, '')]);
    if (options.username !== undefined) forms.add(base64(`${options.username}:${secret}`));
    for (const form of forms) {
      if (!form) continue;
      patterns.push(formPattern(form, form === secret && secret.length < WHOLE_WORD_BELOW));
      prefixes.push(encodedChars(Array.from(form).slice(0, PREFIX_LENGTH)));
    }
  }
  if (patterns.length === 0) return noRedaction;
  // Every match starts with a form's first characters (in some encoding): text without any of them
  // is returned as it is, without the full pattern, which costs milliseconds per call for a
  // 128-character token (and more for its first, when it is compiled).
  const anyPrefix = new RegExp(prefixes.join('|'), 'u');
  let combined: RegExp | undefined;
  return (text) => {
    if (!text || !anyPrefix.test(text)) return text;
    // Longest first, so that a Basic value is masked whole before the secret inside it could be.
    combined ??= new RegExp(
      patterns
        .map((p) => p.source)
        .sort((a, b) => b.length - a.length)
        .join('|'),
      'gu',
    );
    return text.replace(combined, MASK);
  };
}

/** Joins several redactors: each runs on the output of the one before. */
export function combineRedactors(...redactors: readonly Redact[]): Redact {
  const used = redactors.filter((r) => r !== noRedaction);
  if (used.length === 0) return noRedaction;
  if (used.length === 1) return used[0];
  return (text) => used.reduce((out, r) => r(out), text);
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A pattern for `form` where each character may be encoded and whitespace may sit between them. */
function formPattern(form: string, wholeWord: boolean): RegExp {
  const body = encodedChars(Array.from(form));
  // Short secrets: never inside a word, so `admin` in a page stays unless it stands alone.
  const source = wholeWord ? `(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])` : `(?:${body})`;
  return new RegExp(source, 'u');
}

/** The characters in sequence, each in any of its encodings, whitespace allowed between them. */
function encodedChars(chars: readonly string[]): string {
  return `(?:${chars.map(charPattern).join('\\s*')})`;
}

function charPattern(char: string): string {
  const code = char.codePointAt(0) as number;
  const alternatives = [escapeRegExp(char)];
  // Percent-encoding of the UTF-8 bytes (encodeURIComponent, form encoding), any hex case.
  const bytes = Array.from(Buffer.from(char, 'utf8'));
  alternatives.push(bytes.map((b) => `%${hexEither(b)}`).join(''));
  if (char === ' ') alternatives.push('\\+');
  // HTML entities: decimal, hex, and the common names.
  alternatives.push(
    `&#0*${code};`,
    `&#[xX]0*${code.toString(16).replace(/[a-f]/g, (h) => `[${h}${h.toUpperCase()}]`)};`,
  );
  for (const name of NAMED_ENTITIES[char] ?? []) alternatives.push(`&${name};`);
  if (char === '&') alternatives.push('&amp;amp;');
  return `(?:${alternatives.join('|')})`;
}

function hexEither(byte: number): string {
  return byte
    .toString(16)
    .padStart(2, '0')
    .replace(/[a-f]/g, (h) => `[${h}${h.toUpperCase()}]`);
}

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}
