import type { DataSource } from 'typeorm';
import { SEED_AUTHORITIES, SEED_FORA, SEED_USERS } from './reference-data';

/**
 * Seeds the reference data into an empty database, in one transaction. A database that already
 * has authorities is left alone, so what operators changed through the admin API is kept and a
 * second run changes nothing.
 */
export async function seedReferenceData(dataSource: DataSource): Promise<boolean> {
  return dataSource.transaction(async (tx) => {
    // Serialise concurrent seeders (two processes starting at once).
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('psp-seed'))`);
    const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM authority`);
    if (n > 0) return false;

    const authorityIds = new Map<string, string>();
    for (const a of SEED_AUTHORITIES) {
      const [row] = await tx.query(`INSERT INTO authority (code, name, kind) VALUES ($1, $2, $3) RETURNING id`, [
        a.code,
        a.name,
        a.kind,
      ]);
      authorityIds.set(a.code, row.id);
    }
    const forumIds = new Map<string, string>();
    for (const f of SEED_FORA) {
      const [row] = await tx.query(`INSERT INTO forum (code, name) VALUES ($1, $2) RETURNING id`, [f.code, f.name]);
      forumIds.set(f.code, row.id);
      for (const code of f.authorityCodes) {
        await tx.query(`INSERT INTO forum_authority (forum_id, authority_id) VALUES ($1, $2)`, [row.id, authorityIds.get(code)]);
      }
    }
    for (const u of SEED_USERS) {
      const [row] = await tx.query(
        `INSERT INTO app_user (username, display_name, email, authority_id, roles) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [u.username, u.displayName, `${u.username}@psp.example`, authorityIds.get(u.authorityCode), u.roles],
      );
      for (const f of u.fora) {
        await tx.query(`INSERT INTO forum_member (forum_id, user_id) VALUES ($1, $2)`, [forumIds.get(f), row.id]);
      }
    }
    return true;
  });
}
