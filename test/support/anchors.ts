import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomAnchors, type RandomAnchors } from '../../tools/src/dev-secrets';

let anchors: RandomAnchors | undefined;

/**
 * The test file's access-log anchor key pair and anchor directory (a fresh temporary one): the
 * api of the file gets the public key (startTestApi), its worker the private key (workerSettings).
 */
export function testAnchors(): RandomAnchors {
  anchors ??= randomAnchors(mkdtempSync(join(tmpdir(), 'psp-anchors-')));
  return anchors;
}
