// Extra certificate authorities from files the user names (kantegaSso.caCertificates). A file that
// is not a readable PEM certificate must say so where it is read: silently dropped, the TLS error
// that follows would tell the user to add the very CA they just added.
import * as l10n from '@vscode/l10n';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The certificates of PEM text, one string each, in one line-ending form (so that duplicates are seen). */
export function pemBlocks(text: string): string[] {
  return (text.match(PEM_BLOCK) ?? []).map((block) => block.replace(/\r\n?/g, '\n'));
}

export type CaBundle =
  { readonly ok: true; readonly pems: string[] } | { readonly ok: false; readonly problem: string };

/** The certificates in a PEM file's text, each checked to parse; or what is wrong with the file. */
export function parseCaBundle(text: string): CaBundle {
  const blocks = pemBlocks(text);
  if (!blocks.length) {
    return {
      ok: false,
      problem: l10n.t('it holds no "{0}" block (a PEM certificate is expected)', '-----BEGIN CERTIFICATE-----'),
    };
  }
  // Loaded on first use: reading certificates happens on the first request, not on activation.
  const { X509Certificate } = process.getBuiltinModule('node:crypto');
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      const problem =
        blocks.length > 1
          ? l10n.t(
              'certificate {0} of {1} is not a readable X.509 certificate (damaged or not base64)',
              index + 1,
              blocks.length,
            )
          : l10n.t('its certificate is not a readable X.509 certificate (damaged or not base64)');
      return { ok: false, problem };
    }
  }
  return { ok: true, pems: blocks };
}
