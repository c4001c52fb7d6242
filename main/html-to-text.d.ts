// The part of html-to-text 10 that parse-body.ts uses. The package ships no types, and
// @types/html-to-text is not installed; this is declared here.
declare module 'html-to-text' {
  export interface HtmlToTextOptions {
    wordwrap?: number | false | null;
    limits?: { maxDepth?: number; maxInputLength?: number };
    selectors?: { selector: string; format?: string; options?: Record<string, unknown> }[];
  }
  export function htmlToText(html: string, options?: HtmlToTextOptions): string;
}
