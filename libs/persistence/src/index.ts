export * from './data-source';
export * from './entities';
export * from './seed/reference-data';
export * from './seed/seed';
export * from './notifications/notification.repository';
