/** Where a coordinator's forum workspace starts: the forum itself when they have one, the list of their fora otherwise. */
export function forumHome(fora: readonly { id: string }[]): string {
  return fora.length === 1 ? `/fora/${fora[0]!.id}` : '/fora';
}
