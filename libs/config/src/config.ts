/**
 * The configuration of api, worker and mailer, from their environment: the variables and their
 * shapes (environment.ts), the checks across variables (parse-environment.ts), and one loader a
 * process (api-config.ts, worker-config.ts, mailer-config.ts) returning the types in config-types.ts.
 */
export * from './config-error';
export * from './config-types';
export { loadApiConfig } from './api-config';
export { loadMailerConfig } from './mailer-config';
export { loadWorkerConfig, WORKER_NODE_OPTIONS } from './worker-config';
