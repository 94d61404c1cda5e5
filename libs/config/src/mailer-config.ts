import type { MailerConfig } from './config-types';
import { parseEnvironment } from './parse-environment';
import { common, smtpOf } from './settings';

export function loadMailerConfig(env: NodeJS.ProcessEnv = process.env): MailerConfig {
  const e = parseEnvironment(env, 'mailer');
  return {
    database: common(e).database,
    smtp: smtpOf(e),
    metricsAddress: e.MAILER_METRICS_ADDRESS === 'off' ? undefined : (e.MAILER_METRICS_ADDRESS ?? '127.0.0.1:9465'),
  };
}
