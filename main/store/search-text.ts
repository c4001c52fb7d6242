// Chinese, Japanese and Korean do not separate words with spaces, and the index's unicode61
// tokenizer takes a whole run of their letters for one token, so a word inside a run (宣言 in
// 世界人権宣言) could not be found. Such runs are indexed as overlapping bigrams followed by the run's
// last character alone (世界 界人 人権 権宣 宣言 言): any two or more characters of a run are then a
// phrase of consecutive tokens, and any one character is the start of a token. Thai runs are split
// into words. Other scripts keep their words as they are, so prefix search for Latin, Greek and
// Cyrillic is unchanged.

// Their letters; the prolonged sound mark ー and the iteration and closing marks 々〆〇 count
// as Common script but stand inside words.
const cjkRun = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u3005-\u3007\u30fc]+/gu;
// Thai writes no spaces between words either; its words come from ICU's dictionary segmenter.
const thaiRun = /[\u0e00-\u0e7f]+/gu;
const thaiWords = new Intl.Segmenter('th', { granularity: 'word' });
const spacedThai = (text: string): string =>
  text.replace(thaiRun, (run) => ` ${Array.from(thaiWords.segment(run), (word) => word.segment).join(' ')} `);
// Full-width Latin and digits and half-width katakana, which NFKC folds to what people type.
const widthVariant = /[\uFF01-\uFFEE]/u;
const tokenCharacter = /[\p{L}\p{N}\p{Co}]/u;
// The blocks those scripts and the width variants live in: one cheap scan spares text without them
// (most mail) the slower script test.
const mayNeedSegmenting =
  /[\u0e00-\u0e7f\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3ffff}]/u;

const folded = (text: string): string => (widthVariant.test(text) ? text.normalize('NFKC') : text);

function bigrams(characters: string[]): string[] {
  const pairs: string[] = [];
  for (let index = 0; index + 1 < characters.length; index++) pairs.push(characters[index]! + characters[index + 1]!);
  return pairs;
}

/** The text as the search index stores it. */
export function indexedText(text: string): string {
  if (!mayNeedSegmenting.test(text)) return text;
  return spacedThai(folded(text)).replace(cjkRun, (run) => {
    const characters = Array.from(run);
    return ` ${[...bigrams(characters), characters.at(-1)!].join(' ')} `;
  });
}

/**
 * A phrase the user typed, in the tokens indexedText() gives its text. A run that ends the phrase
 * may go on in the message, so it is matched by its bigrams alone; a run of one character there
 * can only be matched as a prefix (`prefix`: the phrase needs FTS5's `*`).
 */
export function queryText(phrase: string): { text: string; prefix: boolean } {
  if (!mayNeedSegmenting.test(phrase)) return { text: phrase, prefix: false };
  const text = spacedThai(folded(phrase));
  let prefix = false;
  const segmented = text.replace(cjkRun, (run, offset: number) => {
    const characters = Array.from(run);
    const endsPhrase = !tokenCharacter.test(text.slice(offset + run.length));
    if (!endsPhrase) return ` ${[...bigrams(characters), characters.at(-1)!].join(' ')} `;
    if (characters.length === 1) prefix = true;
    return ` ${characters.length === 1 ? run : bigrams(characters).join(' ')} `;
  });
  return { text: segmented.trim(), prefix };
}
