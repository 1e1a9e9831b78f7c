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
  const secrets = options.secrets.filter((s) => s.length > 0);
  for (const secret of new Set(secrets)) {
    const forms = new Set([secret, base64(secret), base64(secret).replace(/=+$/, '')]);
    if (options.username !== undefined) forms.add(base64(`${options.username}:${secret}`));
    for (const form of forms)
      if (form) patterns.push(formPattern(form, form === secret && secret.length < WHOLE_WORD_BELOW));
  }
  if (patterns.length === 0) return noRedaction;
  // Longest first, so that a Basic value is masked whole before the secret inside it could be.
  const combined = new RegExp(
    patterns
      .map((p) => p.source)
      .sort((a, b) => b.length - a.length)
      .join('|'),
    'gu',
  );
  return (text) => (text ? text.replace(combined, MASK) : text);
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
  const chars = Array.from(form);
  const body = chars.map(charPattern).join('\\s*');
  // Short secrets: never inside a word, so `admin` in a page stays unless it stands alone.
  const source = wholeWord ? `(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])` : `(?:${body})`;
  return new RegExp(source, 'u');
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
