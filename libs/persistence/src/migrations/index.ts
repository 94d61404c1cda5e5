import { Foundation1764000000000 } from './1764000000000-foundation';

/** Every migration, in order. The schema comes from these only (never `synchronize`). */
export const MIGRATIONS = [Foundation1764000000000];
