import type { FokuspersonStatus, ItemDecision, LocalDate } from '@psp/domain';
import type { EntityManager } from 'typeorm';

/** An item on the agenda with its person's status now: what a minutes draft is checked against. */
export interface AgendaItemRow {
  id: string;
  fokusperson_id: string;
  position: number;
  status: FokuspersonStatus;
}

/** A decided item of the minutes; the reason, note and agreed steps still encrypted. */
export interface DecidedItemRow {
  id: string;
  fokusperson_id: string;
  position: number;
  decision: ItemDecision;
  next_review_date: LocalDate | null;
  key_id: string;
  minutes_ciphertext: Buffer;
}

/** The items of a meeting's case list (meeting_item) as coordinators edit them, and the decisions of its minutes. */
export const meetingItemRepository = {
  /** The person's status if they are a fokusperson of the forum. */
  async personStatus(tx: EntityManager, fokuspersonId: string, forumId: string): Promise<FokuspersonStatus | undefined> {
    const rows: { status: FokuspersonStatus }[] = await tx.query(`SELECT status FROM fokusperson WHERE id = $1 AND forum_id = $2`, [fokuspersonId, forumId]);
    return rows[0]?.status;
  },

  /** Puts the person on the list (last), or back on it, with the reason ADDED_BY_COORDINATOR. */
  async addByCoordinator(tx: EntityManager, meetingId: string, fokuspersonId: string): Promise<void> {
    await tx.query(
      `INSERT INTO meeting_item (meeting_id, fokusperson_id, position, reasons)
       VALUES ($1, $2, coalesce((SELECT max(position) FROM meeting_item WHERE meeting_id = $1), 0) + 1, '{ADDED_BY_COORDINATOR}')
       ON CONFLICT (meeting_id, fokusperson_id) DO UPDATE
         SET removed = false,
             reasons = CASE WHEN 'ADDED_BY_COORDINATOR' = ANY(meeting_item.reasons) THEN meeting_item.reasons ELSE array_append(meeting_item.reasons, 'ADDED_BY_COORDINATOR') END`,
      [meetingId, fokuspersonId],
    );
  },

  /** Takes the item off the list (it stays removed); returns its person, or undefined if it was not on it. */
  async remove(tx: EntityManager, meetingId: string, itemId: string): Promise<string | undefined> {
    const [rows]: [{ fokusperson_id: string }[], number] = await tx.query(
      `UPDATE meeting_item SET removed = true WHERE id = $1 AND meeting_id = $2 AND NOT removed RETURNING fokusperson_id`,
      [itemId, meetingId],
    );
    return rows[0]?.fokusperson_id;
  },

  /** The ids of the items on the list (not removed). */
  async itemIds(tx: EntityManager, meetingId: string): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(`SELECT id FROM meeting_item WHERE meeting_id = $1 AND NOT removed`, [meetingId]);
    return rows.map((r) => r.id);
  },

  /** Numbers the items in the given order. */
  async reorder(tx: EntityManager, meetingId: string, itemIds: string[]): Promise<void> {
    await tx.query(`UPDATE meeting_item i SET position = o.n FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, n) WHERE i.id = o.id AND i.meeting_id = $1`, [
      meetingId,
      itemIds,
    ]);
  },

  /** The items on the list (not removed) with each person's status now. */
  async withPersonStatus(tx: EntityManager, meetingId: string): Promise<AgendaItemRow[]> {
    return tx.query(
      `SELECT i.id, i.fokusperson_id, i.position, p.status FROM meeting_item i JOIN fokusperson p ON p.id = i.fokusperson_id WHERE i.meeting_id = $1 AND NOT i.removed`,
      [meetingId],
    );
  },

  /** Clears every item's decision: a saved draft replaces the one before. */
  async clearDecisions(tx: EntityManager, meetingId: string): Promise<void> {
    await tx.query(`UPDATE meeting_item SET decision = NULL, next_review_date = NULL, key_id = NULL, minutes_ciphertext = NULL WHERE meeting_id = $1`, [meetingId]);
  },

  async saveDecision(
    tx: EntityManager,
    itemId: string,
    d: { decision: ItemDecision; nextReviewDate: string | null; keyId: string; minutesCiphertext: Buffer },
  ): Promise<void> {
    await tx.query(`UPDATE meeting_item SET decision = $2, next_review_date = $3, key_id = $4, minutes_ciphertext = $5 WHERE id = $1`, [
      itemId,
      d.decision,
      d.nextReviewDate,
      d.keyId,
      d.minutesCiphertext,
    ]);
  },

  /** The decided items on the list, in agenda order. */
  async decided(tx: EntityManager, meetingId: string): Promise<DecidedItemRow[]> {
    return tx.query(
      `SELECT id, fokusperson_id, position, decision, to_char(next_review_date, 'YYYY-MM-DD') AS next_review_date, key_id, minutes_ciphertext
         FROM meeting_item WHERE meeting_id = $1 AND NOT removed AND decision IS NOT NULL ORDER BY position`,
      [meetingId],
    );
  },

  /** The review date an approved decision sets for its person (null: none due). */
  async setNextReview(tx: EntityManager, fokuspersonId: string, date: LocalDate | null): Promise<void> {
    await tx.query(`UPDATE fokusperson SET next_review_date = $2 WHERE id = $1`, [fokuspersonId, date]);
  },
};
