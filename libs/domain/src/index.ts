export * from './access-policy';
export * from './cpr';
export * from './errors';
export * from './fokusperson';
export * from './identity';
export * from './business-days';
export * from './step';
export * from './meeting';
