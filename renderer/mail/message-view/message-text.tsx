import { useMemo } from 'react';
import { linkifyText } from './linkify-text';

/** A plain-text body: React text nodes with the addresses in it as links through the opener. */
export function MessageText({ text, onOpenLink }: { text: string; onOpenLink: (url: string) => void }) {
  const pieces = useMemo(() => linkifyText(text), [text]);
  return (
    <div className="message-text">
      {pieces.map((piece, index) =>
        piece.kind === 'text' ? (
          piece.text
        ) : (
          <a
            key={index}
            href={piece.href}
            title={piece.href}
            onClick={(event) => {
              event.preventDefault();
              onOpenLink(piece.href);
            }}
          >
            {piece.text}
          </a>
        ),
      )}
    </div>
  );
}
