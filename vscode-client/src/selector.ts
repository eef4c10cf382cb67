// What the language client sends to the server. The ids must match package.json (tested).
export const XL_CFG = 'xl-cfg';

export type DocumentFilter = { scheme: string; language: string } | { scheme: string; pattern: string };

export const DOCUMENT_SELECTOR: DocumentFilter[] = [
  { scheme: 'file', language: XL_CFG },
  { scheme: 'file', pattern: '**/*.{cfg,xl}' },
  { scheme: 'file', language: 'c' },
  { scheme: 'file', language: 'cpp' },
  { scheme: 'file', language: 'asm' },
  { scheme: 'file', pattern: '**/*.{S,s}' },
];

/** File name patterns of the xl-cfg language (contributes.languages). */
export const XL_CFG_EXTENSIONS = ['.cfg', '.xl'];
export const XL_CFG_FILENAMES = ['xl.cfg'];

/** True when the client would send this document to the server (mirror of the selector, for tests). */
export function selects(languageId: string, fileName: string): boolean {
  if ([XL_CFG, 'c', 'cpp', 'asm'].includes(languageId)) return true;
  return /\.(cfg|xl|S|s)$/.test(fileName);
}
