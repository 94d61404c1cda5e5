import { withoutControls } from './validate';

/**
 * pdfkit's built-in fonts (Helvetica) encode text as WinAnsi: Latin-1 (æ, ø, å, é, ü …) plus a
 * few typographic signs. A character outside it would come out as garbage, so it is replaced:
 * by its letter without accents when there is one (ő → o), else by "?".
 */
const WIN_ANSI_EXTRAS = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2212': '-', // minus sign
  '\u2009': ' ', // thin space
  '\u202f': ' ', // narrow no-break space (some locales' thousands separator)
  '\u200b': '', // zero-width space
  '\u2032': "'", // prime
  '\u2033': '"', // double prime
};

function encodable(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(ch);
}

/** Text as Helvetica can show it: NFC, no control characters but line feeds, WinAnsi only. */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of withoutControls(text.normalize('NFC').replace(/\r\n?/g, '\n'), ' ', true)) {
    if (encodable(ch)) out += ch;
    else if (Object.hasOwn(SUBSTITUTES, ch)) out += SUBSTITUTES[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every(encodable) ? base : '?';
    }
  }
  return out;
}
