export * from './access-policy';
export * from './cpr';
export * from './errors';
export * from './fokusperson';
export * from './identity';
export * from './workflow-contracts';
export * from './business-days';
export * from './step';
