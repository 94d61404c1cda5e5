export * from './data-source';
export * from './entities';
export * from './seed/reference-data';
export * from './seed/seed';
export * from './notifications/notification.repository';
export * from './access-log/access-log.writer';
export * from './access-log/access-log.verifier';
export * from './crypto/field-cipher';
