import { randomUUID } from 'node:crypto';
import { KEY_MAINTENANCE_PURPOSE } from '@psp/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAccessLog, SYSTEM_ACTOR } from '../access-log/access-log.writer';
import type { FieldCipher } from './field-cipher';

type Row = Record<string, unknown>;

/** One table's ciphertexts: each group shares a key-id column; each ciphertext is bound to its row and field (AAD). */
interface TableSpec {
  table: string;
  /** The access-log resource type of the table's rows. */
  resourceType: string;
  primaryKey: string[];
  /** Rows with a `version` are written only if it is unchanged (and it is not bumped: the content is the same). */
  versioned: boolean;
  groups: {
    keyColumn: string;
    fields: { column: string; aad: (row: Row) => string }[];
    /**
     * Rows whose label may be wrong even under the active key: each is decrypted to check, and
     * re-encrypted if another configured key is the one that fits.
     */
    suspectWhen?: string;
  }[];
}

// The additional authenticated data of each field, as its writer binds it (fokusperson.repository.ts,
// steps/step-text.ts, helhedsplan/helhedsplan.repository.ts's planAad, the api's meetings/minutes-view.ts's minutesAad).
const TABLES: TableSpec[] = [
  {
    table: 'fokusperson',
    resourceType: 'Fokusperson',
    primaryKey: ['id'],
    versioned: true,
    groups: [
      {
        keyColumn: 'key_id',
        fields: ['cpr', 'name', 'details'].map((f) => ({ column: `${f}_ciphertext`, aad: (r: Row) => `fokusperson:${r['id']}:${f}` })),
      },
    ],
  },
  {
    table: 'step',
    resourceType: 'Step',
    primaryKey: ['id'],
    versioned: true,
    groups: [
      {
        keyColumn: 'key_id',
        fields: [{ column: 'description_ciphertext', aad: (r) => `step:${r['id']}:description` }],
        // Before note_key_id, a note written under a newer key re-labelled the description with it.
        suspectWhen: 'key_id = note_key_id AND description_ciphertext IS NOT NULL',
      },
      { keyColumn: 'note_key_id', fields: [{ column: 'note_ciphertext', aad: (r) => `step:${r['id']}:note` }] },
    ],
  },
  {
    table: 'helhedsplan_version',
    resourceType: 'HelhedsplanVersion',
    primaryKey: ['helhedsplan_id', 'version'],
    versioned: false,
    groups: [
      {
        keyColumn: 'key_id',
        fields: ['goals', 'change'].map((f) => ({ column: `${f}_ciphertext`, aad: (r: Row) => `helhedsplan:${r['helhedsplan_id']}:${r['version']}:${f}` })),
      },
    ],
  },
  {
    table: 'meeting_item',
    resourceType: 'MeetingItem',
    primaryKey: ['id'],
    versioned: false,
    groups: [{ keyColumn: 'key_id', fields: [{ column: 'minutes_ciphertext', aad: (r) => `meeting_item:${r['id']}:minutes` }] }],
  },
];

export const KEY_ROTATION_TABLES: readonly string[] = TABLES.map((t) => t.table);

export interface TableRotation {
  table: string;
  /** Rows re-encrypted under the active key. */
  rotated: number;
  /** Ciphertexts labelled with the wrong key id (a step's description after a note re-labelled it) that decrypted with another configured key. */
  repaired: number;
  /** Rows none of whose configured keys decrypts: left as they are, and named. */
  unreadable: string[];
  /** Rows still under an old key because a request held them on every pass: run again. */
  stillLocked: number;
  batches: number;
}

export interface KeyRotationOptions {
  batchSize?: number;
  /** Progress, one line per batch. */
  log?: (line: string) => void;
  /** Passes over a table while rows a request holds are left behind (each after a short pause). */
  maxPasses?: number;
  /** Groups this run's access-log rows (their request id); default `keys-rotate-<uuid>`. */
  runId?: string;
}

/**
 * Re-encrypts every ciphertext that is not under the active key (fokusperson, step, helhedsplan
 * versions, meeting items), table by table, in short transactions of at most `batchSize` rows:
 * each batch locks its rows (skipping any a request holds: a later pass takes them), re-reads,
 * decrypts with the labelled key, encrypts under the active key, writes only if the row is
 * unchanged, and logs the batch (one access-log row: purpose KEY_MAINTENANCE, a change of the
 * stored form; nobody reads the content) in the same transaction. Safe to stop at any moment and
 * run again: it picks up the rows still under an old key. Safe while the system serves: a row is
 * locked only for its batch.
 */
export async function rotateKeys(dataSource: DataSource, cipher: FieldCipher, options: KeyRotationOptions = {}): Promise<TableRotation[]> {
  const batchSize = options.batchSize ?? 100;
  const maxPasses = options.maxPasses ?? 20;
  const runId = options.runId ?? `keys-rotate-${randomUUID()}`;
  const report: TableRotation[] = [];
  for (const spec of TABLES) {
    const result: TableRotation = { table: spec.table, rotated: 0, repaired: 0, unreadable: [], stillLocked: 0, batches: 0 };
    const unreadable = new Set<string>();
    for (let pass = 0; pass < maxPasses; pass++) {
      let after: unknown[] | null = null;
      for (;;) {
        const batch: { rows: number; lastKey: unknown[] | null } = await dataSource.transaction((tx) => rotateBatch(tx, cipher, spec, after, batchSize, runId, result, unreadable, options.log));
        if (batch.rows === 0) break;
        after = batch.lastKey;
      }
      result.stillLocked = (await remaining(dataSource, cipher, spec)) - unreadable.size;
      if (result.stillLocked <= 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    result.stillLocked = Math.max(0, result.stillLocked);
    result.unreadable = [...unreadable];
    report.push(result);
  }
  return report;
}

/** Rows of a table with a ciphertext under a key other than the active one. */
function needsRotation(spec: TableSpec, activeParam: string): string {
  return `(${spec.groups.map((g) => `(${g.keyColumn} IS NOT NULL AND ${g.keyColumn} <> ${activeParam})`).join(' OR ')})`;
}

/** Those, and the rows whose label is to be checked. */
function toVisit(spec: TableSpec, activeParam: string): string {
  const suspects = spec.groups.filter((g) => g.suspectWhen).map((g) => `(${g.suspectWhen})`);
  return suspects.length ? `(${needsRotation(spec, activeParam)} OR ${suspects.join(' OR ')})` : needsRotation(spec, activeParam);
}

async function remaining(dataSource: DataSource, cipher: FieldCipher, spec: TableSpec): Promise<number> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${spec.table} WHERE ${needsRotation(spec, '$1')}`, [cipher.activeKeyId]);
  return n;
}

async function rotateBatch(
  tx: EntityManager,
  cipher: FieldCipher,
  spec: TableSpec,
  after: unknown[] | null,
  batchSize: number,
  runId: string,
  result: TableRotation,
  unreadable: Set<string>,
  log: ((line: string) => void) | undefined,
): Promise<{ rows: number; lastKey: unknown[] | null }> {
  const active = cipher.activeKeyId;
  const pk = spec.primaryKey.join(', ');
  const columns = [...spec.primaryKey, ...(spec.versioned ? ['version'] : []), ...spec.groups.flatMap((g) => [g.keyColumn, ...g.fields.map((f) => f.column)])];
  const params: unknown[] = [active, batchSize];
  let page = '';
  if (after) {
    page = ` AND (${pk}) > (${after.map((_, i) => `$${i + 3}`).join(', ')})`;
    params.push(...after);
  }
  // Locked (and so read as they are now) for this batch only; rows a request holds wait for a later pass.
  const rows: Row[] = await tx.query(
    `SELECT ${columns.join(', ')} FROM ${spec.table} WHERE ${toVisit(spec, '$1')}${page} ORDER BY ${pk} LIMIT $2 FOR UPDATE SKIP LOCKED`,
    params,
  );
  if (rows.length === 0) return { rows: 0, lastKey: null };
  const fromKeys = new Map<string, number>();
  let written = 0;
  let repaired = 0;
  let unreadableInBatch = 0;
  for (const row of rows) {
    const id = spec.primaryKey.map((c) => String(row[c])).join('/');
    const sets: string[] = [];
    const values: unknown[] = [];
    const guards: string[] = [];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    let readable = true;
    let rowRepaired = 0;
    for (const group of spec.groups) {
      const keyId = row[group.keyColumn] as string | null;
      if (!keyId) continue;
      if (keyId === active && !(group.suspectWhen && mislabelled(cipher, row, group, active))) continue;
      const fresh: { column: string; value: Buffer }[] = [];
      let wasUnder = keyId;
      for (const field of group.fields) {
        const ciphertext = row[field.column] as Buffer | null;
        if (!ciphertext) continue;
        const plain = decryptAnyKey(cipher, ciphertext, field.aad(row), keyId);
        if (plain === null) {
          readable = false;
          break;
        }
        if (plain.keyId !== keyId) {
          rowRepaired++;
          wasUnder = plain.keyId;
        }
        fresh.push({ column: field.column, value: cipher.encrypt(plain.text, field.aad(row), active) });
      }
      if (!readable) break;
      set(group.keyColumn, active);
      for (const f of fresh) set(f.column, f.value);
      values.push(keyId);
      guards.push(`${group.keyColumn} = $${values.length}`);
      fromKeys.set(wasUnder, (fromKeys.get(wasUnder) ?? 0) + 1);
    }
    if (!readable) {
      unreadable.add(id);
      unreadableInBatch++;
      continue;
    }
    if (sets.length === 0) continue; // a label checked and found right: nothing to write
    if (spec.versioned) {
      values.push(row['version']);
      guards.push(`version = $${values.length}`);
    }
    const where = spec.primaryKey.map((c) => {
      values.push(row[c]);
      return `${c} = $${values.length}`;
    });
    const [, count]: [unknown, number] = await tx.query(`UPDATE ${spec.table} SET ${sets.join(', ')} WHERE ${[...where, ...guards].join(' AND ')}`, values);
    if (count === 1) {
      written++;
      repaired += rowRepaired;
    }
  }
  if (written > 0) {
    const from = [...fromKeys].map(([k, n]) => `${k}: ${n}`).join(', ');
    await appendAccessLog(tx, {
      actor: SYSTEM_ACTOR,
      action: 'UPDATE',
      resourceType: spec.resourceType,
      purpose: KEY_MAINTENANCE_PURPOSE,
      outcome: 'ALLOWED',
      detail: `re-encrypted ${written} rows under key ${active} (were under ${from})${repaired ? `; ${repaired} ciphertexts labelled with the wrong key id repaired` : ''}; the stored form only: the content was neither shown nor changed`,
      requestId: runId,
    });
  }
  result.rotated += written;
  result.repaired += repaired;
  result.batches++;
  log?.(`${spec.table}: batch ${result.batches}, ${written} re-encrypted under ${active}${unreadableInBatch ? `, ${unreadableInBatch} unreadable with every configured key (left as they are)` : ''}`);
  const last = rows[rows.length - 1];
  return { rows: rows.length, lastKey: spec.primaryKey.map((c) => last[c]) };
}

/** Whether a ciphertext of the group does not decrypt with the key it is labelled with. */
function mislabelled(cipher: FieldCipher, row: Row, group: TableSpec['groups'][number], keyId: string): boolean {
  return group.fields.some((field) => {
    const ciphertext = row[field.column] as Buffer | null;
    if (!ciphertext) return false;
    try {
      cipher.decrypt(ciphertext, field.aad(row), keyId);
      return false;
    } catch {
      return true;
    }
  });
}

/** Decrypts with the labelled key, else with each other configured key (a ciphertext whose label is wrong); null if none fits. */
function decryptAnyKey(cipher: FieldCipher, ciphertext: Buffer, aad: string, labelled: string): { text: string; keyId: string } | null {
  for (const keyId of [labelled, ...cipher.keyIds.filter((k) => k !== labelled)]) {
    try {
      return { text: cipher.decrypt(ciphertext, aad, keyId), keyId };
    } catch {
      // the wrong key, or a key not configured: try the next
    }
  }
  return null;
}
