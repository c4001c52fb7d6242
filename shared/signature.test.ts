import { describe, expect, it } from 'vitest';
import type { Signature } from './identity-models';
import { composeBody, signatureHtml, signatureText, swapSignature } from './signature';

const plain: Signature = { format: 'plain', text: 'Alice Example\nHarbour board', html: '' };
const rich: Signature = { format: 'rich', text: 'Harbourmaster', html: '<p><b>Harbourmaster</b></p>' };
const none: Signature = { format: 'plain', text: '  ', html: '' };

describe('signatures in a body', () => {
  it('sets a signature after the "-- " line, as text and as HTML; an empty one is nothing', () => {
    expect(signatureText(plain)).toBe('-- \nAlice Example\nHarbour board');
    expect(signatureHtml(plain)).toBe('<div>-- </div><div>Alice Example</div><div>Harbour board</div>');
    expect(signatureHtml(rich)).toBe('<div>-- </div><p><b>Harbourmaster</b></p>');
    expect(signatureHtml({ format: 'plain', text: '<b>&', html: '' })).toBe('<div>-- </div><div>&lt;b&gt;&amp;</div>');
    expect(signatureText(none)).toBe('');
    expect(signatureHtml(none)).toBe('');
  });

  it('puts a new message as room to write, then the signature', () => {
    expect(composeBody({ quote: null, signature: plain, position: 'top', rich: false })).toEqual({
      text: '\n\n-- \nAlice Example\nHarbour board',
      html: null,
    });
    expect(composeBody({ quote: null, signature: none, position: 'top', rich: true })).toEqual({
      text: '\n\n',
      html: '<div><br></div>',
    });
  });

  it('keeps the signature above the quote, or under it when the reply goes below', () => {
    const quote = {
      text: 'On Monday, Bob wrote:\n> Hi\n',
      html: '<p>On Monday, Bob wrote:</p><blockquote>Hi</blockquote>',
    };
    const top = composeBody({ quote, signature: rich, position: 'top', rich: true });
    expect(top.html).toBe(
      '<div><br></div><div>-- </div><p><b>Harbourmaster</b></p><div><br></div><p>On Monday, Bob wrote:</p><blockquote>Hi</blockquote>',
    );
    expect(top.text).toBe('\n\n-- \nHarbourmaster\n\nOn Monday, Bob wrote:\n> Hi\n');
    const bottom = composeBody({ quote, signature: rich, position: 'bottom', rich: false });
    expect(bottom).toEqual({ text: 'On Monday, Bob wrote:\n> Hi\n\n\n-- \nHarbourmaster', html: null });
  });

  it('swaps one signature for another where it stands, and refuses when it was edited away', () => {
    const body = composeBody({ quote: null, signature: plain, position: 'top', rich: true });
    const swapped = swapSignature({ html: `<div>Dear Bob,</div>${body.html!}`, text: '' }, plain, rich);
    expect(swapped?.html).toBe('<div>Dear Bob,</div><div><br></div><div>-- </div><p><b>Harbourmaster</b></p>');
    const text = composeBody({ quote: null, signature: plain, position: 'top', rich: false });
    expect(swapSignature({ html: null, text: `Dear Bob${text.text}` }, plain, rich)).toEqual({
      html: null,
      text: 'Dear Bob\n\n-- \nHarbourmaster',
    });
    expect(swapSignature({ html: null, text: `Dear Bob${text.text}` }, plain, none)).toEqual({
      html: null,
      text: 'Dear Bob',
    });
    expect(swapSignature({ html: null, text: 'Dear Bob\n\n-- \nAlice (edited)' }, plain, rich)).toBeNull();
    expect(swapSignature({ html: null, text: 'Dear Bob' }, none, rich)).toBeNull();
  });
});
