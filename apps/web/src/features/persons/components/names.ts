import type { ForumStaff } from '../api/person';
import { personTexts } from '../texts';

/** Names for the ids the register and the plan refer to, from the forum's staff; a neutral word for one no longer there. */
export interface Names {
  /** The forum's member authorities that have staff, by name. */
  authorities: { id: string; name: string }[];
  authority(id: string | null | undefined): string;
  user(id: string | null | undefined): string;
}

export function namesFrom(staff: readonly ForumStaff[] | undefined): Names {
  const authorities = new Map((staff ?? []).map((s) => [s.authorityId, s.authorityName]));
  const users = new Map((staff ?? []).map((s) => [s.userId, s.displayName]));
  return {
    authorities: [...authorities].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'da')),
    authority: (id) => (id ? authorities.get(id) : undefined) ?? personTexts.unknownAuthority,
    user: (id) => (id ? users.get(id) : undefined) ?? personTexts.unknownStaff,
  };
}
