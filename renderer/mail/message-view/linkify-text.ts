// Splits plain text into text and link pieces. No HTML is ever built from the text: React
// renders each piece, so quotes or tags in an address stay characters of that one link.
import { textLinkHref } from './safe-urls';

export type TextPiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const candidate = /\b(?:https?:\/\/|mailto:)[^\s<>]+/gi;
const trailingPunctuation = `.,;:!?'")]}`;

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Drops sentence punctuation after an address, but keeps a `)` that closes one inside it. */
function trimTrailing(found: string): string {
  let end = found.length;
  while (end > 0 && trailingPunctuation.includes(found[end - 1] ?? '')) {
    const kept = found.slice(0, end - 1);
    if (found[end - 1] === ')' && count(kept, '(') > count(kept, ')')) break;
    end -= 1;
  }
  return found.slice(0, end);
}

export function linkifyText(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  const pushText = (value: string) => {
    if (value === '') return;
    const previous = pieces.at(-1);
    if (previous?.kind === 'text') previous.text += value;
    else pieces.push({ kind: 'text', text: value });
  };
  for (const match of text.matchAll(candidate)) {
    const start = match.index;
    const found = trimTrailing(match[0]);
    const href = textLinkHref(found);
    pushText(text.slice(last, start));
    if (href === null) pushText(found);
    else pieces.push({ kind: 'link', text: found, href });
    last = start + found.length;
  }
  pushText(text.slice(last));
  return pieces;
}
