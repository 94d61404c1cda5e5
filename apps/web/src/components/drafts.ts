import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Typed text survives a reload, a session that ends and a sign-in round trip: each form keeps its
 * draft in sessionStorage (this tab only) under its own key, restores it when the page loads, and
 * clears it on a successful submit. Logging out clears them all. Never put a CPR number here.
 */
const PREFIX = 'psp-draft:';

function read<T>(key: string): T | undefined {
  try {
    const raw = window.sessionStorage.getItem(PREFIX + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    window.sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the form still works, only without a draft.
  }
}

/** Whether a draft with some text is kept under `key` (a form with one opens by itself, so it is seen). */
export function hasDraft(key: string): boolean {
  const draft = read<Record<string, unknown>>(key);
  return draft !== undefined && Object.values(draft).some((v) => (typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) && v.length > 0));
}

export function clearDraft(key: string): void {
  try {
    window.sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing stored.
  }
}

export function clearAllDrafts(): void {
  try {
    for (const key of Object.keys(window.sessionStorage)) if (key.startsWith(PREFIX)) window.sessionStorage.removeItem(key);
  } catch {
    // Nothing stored.
  }
}

/** Like useState, kept in the tab's sessionStorage under `key`. The third value clears the draft. */
export function useDraft<T extends object>(key: string, initial: T): [T, (update: Partial<T>) => void, () => void] {
  const [value, setValue] = useState<T>(() => ({ ...initial, ...read<Partial<T>>(key) }));
  const initialRef = useRef(initial);
  const keyRef = useRef(key);
  useEffect(() => {
    if (keyRef.current !== key) {
      keyRef.current = key;
      setValue({ ...initialRef.current, ...read<Partial<T>>(key) });
    }
  }, [key]);
  const update = useCallback(
    (change: Partial<T>) =>
      setValue((previous) => {
        const next = { ...previous, ...change };
        write(keyRef.current, next);
        return next;
      }),
    [],
  );
  const clear = useCallback(() => {
    clearDraft(keyRef.current);
    setValue(initialRef.current);
  }, []);
  return [value, update, clear];
}
