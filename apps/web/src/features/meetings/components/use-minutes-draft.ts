import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDraft } from '../../../components/drafts';
import { minutesKey, saveMinutes } from '../api/meetings';
import type { MinutesView } from '../api/meeting-types';
import { bodyFrom, draftFrom, EMPTY_DRAFT, isVersionConflict, sameContent, type MinutesDraft } from './minutes-draft';

/** How long typing must pause before the draft is saved. */
const AUTOSAVE_MS = 1200;

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'failed'; error: unknown; sent: string[] } | { kind: 'conflict' };

/**
 * The minutes as the coordinator edits them: kept in the tab at every keystroke (components/drafts),
 * saved to the api a moment after typing stops with the version it was made from. When someone
 * else saved meanwhile the api refuses (409) and nothing is overwritten: the state is `conflict`
 * and autosave waits until the coordinator has merged by hand (`keepMine`) or taken theirs.
 */
export function useMinutesDraft(meetingId: string, minutes: MinutesView | undefined, editable: boolean) {
  const [draft, update] = useDraft<MinutesDraft>(`minutes:${meetingId}`, EMPTY_DRAFT);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const client = useQueryClient();
  const latest = useRef(draft);
  latest.current = draft;
  const edits = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const conflict = state.kind === 'conflict';
  const order = (minutes?.items ?? []).map((i) => i.itemId);
  const orderRef = useRef(order);
  orderRef.current = order;

  // A fresh start from the saved minutes; an unsaved draft made from an older version is a conflict.
  useEffect(() => {
    if (!minutes) return;
    const d = latest.current;
    if (d.base === null || (!d.dirty && d.base !== minutes.version)) update({ base: minutes.version, dirty: false, ...draftFrom(minutes) });
    // Typed before a reload or a sign-in, not saved yet: it goes now.
    else if (d.dirty && d.base === minutes.version && editable && timer.current === undefined) timer.current = window.setTimeout(() => void saveRef.current(), AUTOSAVE_MS);
    else if (d.dirty && d.base !== minutes.version && editable) {
      // Saved meanwhile with what this tab holds (our own save from the page before): no conflict.
      if (sameContent(d, minutes)) update({ base: minutes.version, dirty: false });
      else setState({ kind: 'conflict' });
    }
  }, [minutes, update, editable]);

  const inFlight = useRef(false);
  const again = useRef(false);
  const save = useCallback(async (): Promise<void> => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    // One save at a time: a second one made from the same version would conflict with our own.
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    const d = latest.current;
    const sentEdits = edits.current;
    const body = bodyFrom(d, orderRef.current);
    setState({ kind: 'saving' });
    try {
      const saved = await saveMinutes(meetingId, body);
      update({ base: saved.version, dirty: edits.current !== sentEdits });
      latest.current = { ...latest.current, base: saved.version };
      client.setQueryData(minutesKey(meetingId), saved);
      setState({ kind: 'saved', at: new Date() });
    } catch (error) {
      again.current = false;
      if (isVersionConflict(error)) {
        setState({ kind: 'conflict' });
        void client.invalidateQueries({ queryKey: minutesKey(meetingId) });
      } else setState({ kind: 'failed', error, sent: body.items.map((i) => i.itemId) });
    } finally {
      inFlight.current = false;
    }
    if (again.current) {
      again.current = false;
      await saveRef.current();
    }
  }, [client, meetingId, update]);

  const saveRef = useRef(save);
  saveRef.current = save;
  // Leaving the page with a save pending: it goes now.
  useEffect(
    () => () => {
      if (timer.current !== undefined) void saveRef.current();
    },
    [],
  );

  /** A change by the coordinator: kept at once, saved when typing pauses (not while in conflict). */
  const change = useCallback(
    (patch: (d: MinutesDraft) => Partial<MinutesDraft>) => {
      edits.current++;
      update({ ...patch(latest.current), dirty: true });
      if (conflict || !editable) return;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void saveRef.current(), AUTOSAVE_MS);
    },
    [update, conflict, editable],
  );

  /** After merging by hand: the draft on screen is saved over the version now saved. */
  const keepMine = useCallback(() => {
    if (!minutes) return;
    update({ base: minutes.version });
    latest.current = { ...latest.current, base: minutes.version };
    void saveRef.current();
  }, [minutes, update]);

  /** Drops this tab's changes for the version now saved. */
  const takeTheirs = useCallback(() => {
    if (!minutes) return;
    update({ base: minutes.version, dirty: false, ...draftFrom(minutes) });
    setState({ kind: 'idle' });
  }, [minutes, update]);

  return { draft, state, change, save, keepMine, takeTheirs };
}
