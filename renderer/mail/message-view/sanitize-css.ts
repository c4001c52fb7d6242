// Mail CSS is policed here because DOMPurify does not look inside it. Every piece is decoded
// first (comments removed, escapes resolved) and we emit exactly the decoded text we checked,
// so `@\69 mport` or `u/**/rl(` cannot slip past as something the browser reads differently.
// Anything that could fetch, bind behaviour or break out of the <style> element is dropped
// with the whole declaration or rule around it.

const forbidden =
  /(?:url|src|image|image-set|cross-fade|element|paint|attr|expression)\s*\(|@import|@font-face|@namespace|behaviou?r|binding|javascript:|vbscript:|</i;

const maxDecodeRounds = 5;

function decodeEscapes(css: string): string {
  return css.replace(/\\(?:([0-9a-f]{1,6})[ \t\n\f]?|\r\n|([\s\S])|$)/gi, (_match, hex?: string, other?: string) => {
    if (hex !== undefined) {
      const code = Number.parseInt(hex, 16);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return String.fromCodePoint(valid ? code : 0xfffd);
    }
    if (other === undefined || other === '\n' || other === '\f' || other === '\r') return '';
    return other;
  });
}

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
}

/** The text the checks run on and the text we emit; null when it will not settle. */
function normalize(css: string): string | null {
  let current = css;
  for (let round = 0; round < maxDecodeRounds; round += 1) {
    const next = decodeEscapes(stripComments(current));
    if (next === current) return /\\|\/\*/.test(next) ? null : next;
    current = next;
  }
  return null;
}

function isSafe(piece: string): boolean {
  return !forbidden.test(piece);
}

/** Declarations of a `style=""` attribute or of one rule's block, unsafe ones dropped. */
function filterDeclarations(declarations: string): string {
  return declarations
    .split(';')
    .map((declaration) => declaration.trim())
    .filter((declaration) => declaration !== '' && isSafe(declaration))
    .join('; ');
}

/** Top-level statements: `prelude { block }` rules and `@something ...;` statements. */
function splitStatements(css: string): string[] {
  const statements: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < css.length; index += 1) {
    const char = css[index];
    if (char === '{') depth += 1;
    else if (char === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) {
        statements.push(css.slice(start, index + 1));
        start = index + 1;
      }
    } else if (char === ';' && depth === 0) {
      statements.push(css.slice(start, index + 1));
      start = index + 1;
    }
  }
  statements.push(css.slice(start));
  return statements.map((statement) => statement.trim()).filter((statement) => statement !== '');
}

function filterStatement(statement: string): string | null {
  const open = statement.indexOf('{');
  if (open === -1) return isSafe(statement) ? statement : null;
  const prelude = statement.slice(0, open);
  if (!isSafe(prelude)) return null;
  const body = statement.slice(open + 1).replace(/}$/, '');
  const filtered = body.includes('{') ? filterStatements(body) : filterDeclarations(body);
  return filtered === '' ? null : `${prelude.trim()} { ${filtered} }`;
}

function filterStatements(css: string): string {
  return splitStatements(css)
    .map(filterStatement)
    .filter((statement): statement is string => statement !== null)
    .join('\n');
}

/** The content of a `<style>` element, with every fetching or escaping construct removed. */
export function sanitizeStyleSheet(css: string): string {
  const decoded = normalize(css);
  if (decoded === null) return '';
  const result = filterStatements(decoded);
  return isSafe(result) ? result : '';
}

/** The value of a `style=""` attribute, with every fetching construct removed. */
export function sanitizeStyleAttribute(css: string): string {
  const decoded = normalize(css);
  if (decoded === null) return '';
  const result = filterDeclarations(decoded);
  return isSafe(result) ? result : '';
}
