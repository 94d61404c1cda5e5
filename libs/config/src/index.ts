export * from './config';
export * from './temporal-connection';
export * from './transport';
