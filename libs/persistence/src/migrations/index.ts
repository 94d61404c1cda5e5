import { Foundation1764000000000 } from './1764000000000-foundation';
import { RegisterAndAccessLog1764100000000 } from './1764100000000-register-and-access-log';
import { HelhedsplanAndSteps1764200000000 } from './1764200000000-helhedsplan-and-steps';
import { Meetings1764300000000 } from './1764300000000-meetings';
import { EmailOutbox1764400000000 } from './1764400000000-email-outbox';
import { WebSessions1764500000000 } from './1764500000000-web-sessions';
import { StepEventIndex1764600000000 } from './1764600000000-step-event-index';
import { KeysExpiryAndAdminAudit1764900000000 } from './1764900000000-keys-expiry-and-admin-audit';
import { AnchoredChains1765100000000 } from './1765100000000-anchored-chains';
import { RetentionOwnedByTheDatabase1765200000000 } from './1765200000000-retention-owned-by-the-database';
import { MinutesVersion1765300000000 } from './1765300000000-minutes-version';
import { AccessLogVerification1765400000000 } from './1765400000000-access-log-verification';
import { AccessLogEntities1765500000000 } from './1765500000000-access-log-entities';
import { AccessLogOneHeadUpdate1765600000000 } from './1765600000000-access-log-one-head-update';
import { StepReminderPolicy1765700000000 } from './1765700000000-step-reminder-policy';

/** Every migration, in order. The schema comes from these only (never `synchronize`). */
export const MIGRATIONS = [Foundation1764000000000, RegisterAndAccessLog1764100000000, HelhedsplanAndSteps1764200000000, Meetings1764300000000, EmailOutbox1764400000000, WebSessions1764500000000, StepEventIndex1764600000000, KeysExpiryAndAdminAudit1764900000000, AnchoredChains1765100000000, RetentionOwnedByTheDatabase1765200000000, MinutesVersion1765300000000, AccessLogVerification1765400000000, AccessLogEntities1765500000000, AccessLogOneHeadUpdate1765600000000, StepReminderPolicy1765700000000];
