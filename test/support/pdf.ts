import { dirname, join } from 'node:path';
import { PDFParse } from 'pdf-parse';

let workerLoaded = false;

/**
 * The text of a PDF as a reader would copy it (whitespace runs made single spaces). pdf.js parses
 * on the main thread in Node (a "fake worker") and takes the worker's code from
 * globalThis.pdfjsWorker, or else loads it with a dynamic import(), which jest cannot do without
 * --experimental-vm-modules: loading the worker module first sets that global.
 */
export async function pdfTextOf(pdf: Buffer): Promise<{ text: string; pages: number; title: unknown; created: unknown }> {
  const parser = await parserOf(pdf);
  try {
    const { text, total } = await parser.getText();
    const { info } = await parser.getInfo();
    return { text: text.replace(/\s+/g, ' '), pages: total, title: info?.Title, created: info?.CreationDate };
  } finally {
    await parser.destroy();
  }
}

/** The text of each page of a PDF, in order (whitespace runs made single spaces). */
export async function pdfPagesOf(pdf: Buffer): Promise<string[]> {
  const parser = await parserOf(pdf);
  try {
    return (await parser.getText()).pages.map((p) => p.text.replace(/\s+/g, ' '));
  } finally {
    await parser.destroy();
  }
}

async function parserOf(pdf: Buffer): Promise<PDFParse> {
  if (!workerLoaded) {
    await import(join(dirname(require.resolve('pdf-parse')), 'pdf.worker.mjs'));
    workerLoaded = true;
  }
  return new PDFParse({ data: new Uint8Array(pdf) });
}
