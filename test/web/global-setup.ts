import { startStack } from './support/stack';

/** One system for the browser tests, started as `npm start` starts it; stopped when they end. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startStack();
  process.env['PSP_WEB_STACK'] = JSON.stringify({ url: stack.url, ownerDatabaseUrl: stack.ownerDatabaseUrl, dataDir: stack.dataDir, signInUrl: stack.signInUrl });
  return () => stack.stop();
}
