import { rmSync } from 'node:fs';
import { testServices } from './services';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __pspStop?: () => Promise<void> }).__pspStop?.();
  rmSync(testServices().tmpDir, { recursive: true, force: true });
}
