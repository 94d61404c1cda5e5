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
  if (!workerLoaded) {
    await import(join(dirname(require.resolve('pdf-parse')), 'pdf.worker.mjs'));
    workerLoaded = true;
  }
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const { text, total } = await parser.getText();
    const { info } = await parser.getInfo();
    return { text: text.replace(/\s+/g, ' '), pages: total, title: info?.Title, created: info?.CreationDate };
  } finally {
    await parser.destroy();
  }
}
