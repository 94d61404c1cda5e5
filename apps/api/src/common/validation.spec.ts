import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { IsString } from 'class-validator';
import { createValidationPipe, INSTANT_PATTERN, MultilineText, TextLength, textPattern } from './validation';

class Texts {
  @IsString() @TextLength(0, 3) upToThree!: string;
  @IsString() @TextLength(1, 5) oneToFive!: string;
  @IsString() @TextLength(3, 6) threeToSix!: string;
  @MultilineText() @IsString() @TextLength(2, 4) lines!: string;
}

type Field = keyof Texts;
const RULES: Record<Field, [number, number, boolean]> = { upToThree: [0, 3, false], oneToFive: [1, 5, false], threeToSix: [3, 6, false], lines: [2, 4, true] };

/** Whether the api's pipe takes `text` in `field` (the other fields hold a valid value). */
async function accepted(field: Field, text: string): Promise<boolean> {
  const body: Record<Field, string> = { upToThree: 'a', oneToFive: 'a', threeToSix: 'abc', lines: 'ab', [field]: text };
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Texts });
    return true;
  } catch (err) {
    if (err instanceof BadRequestException) return false;
    throw err;
  }
}

/** A deterministic generator (mulberry32), so a failure names its case again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Letters, white space trim removes (controls among it too), other controls, a character outside the
// BMP, a variation selector (class-validator's Length would not count it), and U+0085 (a control trim keeps).
const ALPHABET = ['a', 'Æ', '0', ' ', '\t', '\n', '\r', '\u000b', '\f', '\u00a0', '\u2003', '\u2028', '\u3000', '\ufeff', '\u0000', '\u001f', '\u007f', '\u0085', '\u009f', '😀', '\ufe0f', '\u200b'];

describe('free texts: the OpenAPI pattern states exactly what the pipe takes', () => {
  it('for single characters of the whole BMP: white space is what String.prototype.trim removes, control characters are refused', () => {
    const solid = new RegExp(textPattern(1, 1, false), 'u');
    const blank = new RegExp(textPattern(0, 0, false), 'u');
    const solidLines = new RegExp(textPattern(1, 1, true), 'u');
    const blankLines = new RegExp(textPattern(0, 0, true), 'u');
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue; // lone surrogates are not text
      const ch = String.fromCharCode(c);
      const control = /\p{Cc}/u.test(ch);
      const space = ch.trim() === '';
      const lineControl = control && !['\t', '\n', '\r'].includes(ch);
      const expected = [!control && !space, !control && space, !lineControl && !space, !lineControl && space];
      const actual = [solid.test(ch), blank.test(ch), solidLines.test(ch), blankLines.test(ch)];
      if (expected.join() !== actual.join()) wrong.push(`U+${c.toString(16).padStart(4, '0')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('for strings of letters, white space, controls and astral characters, at and around the length bounds', async () => {
    const next = random(20261202);
    const disagreements: string[] = [];
    for (let n = 0; n < 1500; n++) {
      const length = Math.floor(next() * 9);
      const text = Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]!).join('');
      for (const field of Object.keys(RULES) as Field[]) {
        const [min, max, multiline] = RULES[field];
        const documented = new RegExp(textPattern(min, max, multiline), 'u').test(text);
        if (documented !== (await accepted(field, text))) disagreements.push(`${field}: ${JSON.stringify(text)} documented ${documented}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('trims free texts, counts code points, and leaves other texts as sent', async () => {
    const body = { upToThree: ' 😀😀😀 ', oneToFive: '\u3000x\u00a0', threeToSix: 'abc', lines: '\n ab\t\n' };
    const out = (await createValidationPipe().transform(body, { type: 'body', metatype: Texts })) as Texts;
    expect(out).toMatchObject({ upToThree: '😀😀😀', oneToFive: 'x', lines: 'ab' });
  });

  it('refuses an operation’s missing body, rather than validating nothing', async () => {
    await expect(createValidationPipe().transform(undefined, { type: 'body', metatype: Texts })).rejects.toThrow(/needs a JSON request body/);
  });
});

describe('INSTANT_PATTERN', () => {
  const instant = new RegExp(INSTANT_PATTERN);
  it('takes RFC 3339 date-times with seconds and an offset PostgreSQL reads, on real dates of 1900-9999', () => {
    for (const ok of ['2027-01-12T09:00:00Z', '1900-02-28T00:00:00+14:59', '2000-02-29T23:59:59.123456789-12:00', '2024-02-29T10:00:00+01:00', '9999-12-31T23:59:59Z']) {
      expect({ ok, matches: instant.test(ok) }).toEqual({ ok, matches: true });
      expect(Number.isNaN(new Date(ok).getTime())).toBe(false);
    }
    for (const bad of ['2027-01-12', '2027-01-12T09:00Z', '2027-01-12T09:00:00', '1899-12-31T00:00:00Z', '1900-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2027-02-30T00:00:00Z', '2027-01-12T24:00:00Z', '2027-01-12T09:00:00+15:00', '2027-01-12t09:00:00z', '0', ' 2027-01-12T09:00:00Z']) {
      expect({ bad, matches: instant.test(bad) }).toEqual({ bad, matches: false });
    }
  });
});
