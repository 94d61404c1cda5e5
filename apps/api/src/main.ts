import { loadApiConfig, loadOrExit } from '@psp/config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadOrExit(() => loadApiConfig());
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  const url = await app.getUrl();
  process.stdout.write(`PSP api listening on ${url.replace('[::1]', 'localhost')} (OpenAPI at /docs)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
