import { startTestApi, type TestApi } from './api';
import { createTestDatabase, uniqueName, type TestDatabase } from './services';
import { startSmtpSink } from './smtp';
import { startTestWorker, type RunningWorker } from './worker';

/** A database of its own, the api and the real worker (with the mailer) on one task queue, and the SMTP sink they send to. */
export interface TestStack {
  db: TestDatabase;
  api: TestApi;
  worker: RunningWorker;
  smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  /** Stops all of it, the last started first. */
  stop(): Promise<void>;
}

export async function startTestStack(name: string): Promise<TestStack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const db = await createTestDatabase();
    stops.push(() => db.drop());
    const smtp = await startSmtpSink();
    stops.push(() => smtp.stop());
    const taskQueue = uniqueName(name);
    const api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
    stops.push(() => api.close());
    const worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue, smtpUrl: smtp.url });
    stops.push(() => worker.stop());
    return { db, api, worker, smtp, stop };
  } catch (err) {
    await stop(); // what did start, so a failed start leaves no database or server behind
    throw err;
  }
}
