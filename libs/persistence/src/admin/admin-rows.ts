import type { DataSource, EntityManager } from 'typeorm';

/** The organisation's tables whose rows administrators create and change one at a time. */
type AdminTable = 'authority' | 'app_user' | 'forum';

/** The row with this id as `columns` name it, or undefined; `forUpdate` locks it until the transaction ends. */
export async function rowById<T>(db: DataSource | EntityManager, table: AdminTable, columns: string, id: string, forUpdate: boolean): Promise<T | undefined> {
  const [row]: T[] = await db.query(`SELECT ${columns} FROM ${table} WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

/** Whether a row of `table` already holds `value` in its unique `column`. */
export async function uniqueTaken(db: DataSource | EntityManager, table: AdminTable, column: 'code' | 'username', value: string): Promise<boolean> {
  const [{ taken }]: { taken: boolean }[] = await db.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${column} = $1) AS taken`, [value]);
  return taken;
}
