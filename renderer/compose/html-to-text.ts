// The plain-text twin of the composer's HTML: what goes in the text/plain part and what the
// "Plain text only" switch keeps. Lists keep a marker, quotes a "> " per line, a table row its
// cells on one line, two spaces apart (a layout's rows, whose cells hold blocks, keep their lines).

const blocks = new Set('P DIV UL OL LI BLOCKQUOTE H1 H2 H3 H4 H5 H6 PRE TABLE CAPTION'.split(' '));
const cells = new Set(['TD', 'TH']);

function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element)) return '';
  if (node.tagName === 'BR' || node.tagName === 'HR') return '\n';
  if (node.tagName === 'TR') {
    const row = [...node.children]
      .filter((cell) => cells.has(cell.tagName))
      .map((cell) => textOf(cell).replace(/^\n+|\n+$/g, ''))
      .filter((cell) => cell.trim() !== '');
    // A layout's cell holds blocks (a nested table, paragraphs): those keep their own lines.
    const separator = row.some((cell) => cell.includes('\n')) ? '\n' : '  ';
    return row.length > 0 ? `${row.join(separator)}\n` : '';
  }
  const inner = [...node.childNodes].map(textOf).join('');
  switch (node.tagName) {
    case 'LI': {
      const list = node.parentElement;
      const marker = list?.tagName === 'OL' ? `${[...list.children].indexOf(node) + 1}. ` : '- ';
      return `${marker}${inner.replace(/\n+$/, '')}\n`;
    }
    case 'BLOCKQUOTE':
      return `${inner
        .replace(/\n+$/, '')
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n')}\n`;
    case 'A': {
      const href = node.getAttribute('href');
      return href && href !== inner && `mailto:${inner}` !== href ? `${inner} <${href}>` : inner;
    }
    default:
      return blocks.has(node.tagName) && !inner.endsWith('\n') ? `${inner}\n` : inner;
  }
}

export function htmlToText(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  return [...template.content.childNodes].map(textOf).join('').replace(/\n+$/, '');
}
