// Cuts an IMAP byte stream (either direction) into its lines and the literals between them, as the
// chunks arrive, so that a relay can look at commands and responses without parsing them.

export type ImapPiece =
  | {
      kind: 'line';
      /** The whole line with its CRLF; a literal announced at its end ({n} or {n+}) follows it. */
      bytes: Buffer;
      /** The line comes right after a literal: the rest of the same command or response. */
      continues: boolean;
    }
  | {
      kind: 'literal';
      /** Some of the literal's bytes, from `offset` on, of `size` in all. */
      bytes: Buffer;
      offset: number;
      size: number;
    };

const literalAnnounced = /\{(\d+)\+?\}\r\n$/;

/** Returns the function to feed chunks to; `onPiece` gets each line once complete, and literal bytes as they come. */
export function createImapSplitter(onPiece: (piece: ImapPiece) => void): (chunk: Buffer) => void {
  let partialLine: Buffer = Buffer.alloc(0);
  let literalSize = 0;
  let literalLeft = 0;
  let afterLiteral = false;
  return (chunk) => {
    let data = partialLine.length > 0 ? Buffer.concat([partialLine, chunk]) : chunk;
    partialLine = Buffer.alloc(0);
    while (data.length > 0) {
      if (literalLeft > 0) {
        const bytes = data.subarray(0, literalLeft);
        onPiece({ kind: 'literal', bytes, offset: literalSize - literalLeft, size: literalSize });
        literalLeft -= bytes.length;
        data = data.subarray(bytes.length);
        continue;
      }
      const end = data.indexOf('\r\n');
      if (end === -1) {
        partialLine = data;
        return;
      }
      const bytes = data.subarray(0, end + 2);
      data = data.subarray(end + 2);
      onPiece({ kind: 'line', bytes, continues: afterLiteral });
      const literal = literalAnnounced.exec(bytes.toString('latin1'));
      literalSize = literalLeft = literal ? Number(literal[1]) : 0;
      afterLiteral = literal !== null;
    }
  };
}
