import { inflateSync } from 'node:zlib';

// The standard fonts use WinAnsiEncoding: bytes 0x80–0x9F are not Latin-1.
const WIN_ANSI: Record<number, string> = { 0x80: '€', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x85: '…' };
const decodeWinAnsi = (b: Buffer) => Array.from(b, (c) => WIN_ANSI[c] ?? String.fromCharCode(c)).join('');

/** The text drawn in a PDF made by pdf-lib (hex strings in its Flate content streams), for assertions. */
export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      content = m[1]!;
    }
    for (const h of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) out.push(decodeWinAnsi(Buffer.from(h[1]!, 'hex')));
  }
  return out.join('\n');
}
