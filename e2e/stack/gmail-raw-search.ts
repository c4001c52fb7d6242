// SEARCH X-GM-RAW for the Gmail-shaped server: the common operators of Gmail's search box turned
// into IMAP search keys Dovecot understands. Operators it does not know (label:, in:, has:,
// older_than: …) are searched as text, as a word would be.

const OPERATORS: Record<string, string> = {
  from: 'FROM',
  to: 'TO',
  cc: 'CC',
  subject: 'SUBJECT',
};

const IS: Record<string, string> = {
  unread: 'UNSEEN',
  read: 'SEEN',
  starred: 'FLAGGED',
};

/** `X-GM-RAW "from:bob subject:lunch"` (among other keys) → `FROM "bob" SUBJECT "lunch"`. */
export function translateGmailRaw(searchArguments: string): string {
  return searchArguments.replace(/X-GM-RAW ("(?:[^"\\]|\\.)*"|\S+)/i, (_, raw: string) => {
    const text = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    const keys = [...text.matchAll(/(\w+):("[^"]*"|\S+)|("[^"]*")|(\S+)/g)].map((m) => {
      const [, operator, operand, phrase, word] = m;
      if (operator) {
        const value = (operand ?? '').replace(/^"|"$/g, '');
        const flag = operator.toLowerCase() === 'is' ? IS[value.toLowerCase()] : undefined;
        if (flag) return flag;
        const key = OPERATORS[operator.toLowerCase()];
        return key ? `${key} ${quote(value)}` : `TEXT ${quote(value)}`;
      }
      return `TEXT ${quote((phrase ?? word ?? '').replace(/^"|"$/g, ''))}`;
    });
    return keys.length > 0 ? keys.join(' ') : 'ALL';
  });
}

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}
