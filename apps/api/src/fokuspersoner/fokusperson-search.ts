import { Inject, Injectable } from '@nestjs/common';
import { AccessDeniedError, Cpr } from '@psp/domain';
import { decryptSecrets, FieldCipher, listMemberForumIds, fokuspersonRepository as repo } from '@psp/persistence';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { fokuspersonSummary } from './fokusperson-view';
import type { FokuspersonSummary } from './fokusperson.dto';

/** The search criterion as the log holds it: its kind and how many it found, never the CPR number (not even masked: its date of birth is personal data). */
const criterion = (found: number | null) => `criterion=cpr;match=exact${found === null ? '' : `;found=${found}`}`;

/**
 * A coordinator's search of the register by CPR number, in the fora they are a member of. The
 * search is logged naming each person it found (one SEARCH row per person, with the person's id,
 * so the person's access report lists it as a search), or once without a person when it found none;
 * each person shown is also logged as READ.
 */
@Injectable()
export class FokuspersonSearch {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  search(ctx: AuditContext, cprInput: string): Promise<FokuspersonSummary[]> {
    const cpr = Cpr.parse(cprInput);
    return this.audited.run(ctx, async (tx, audit) => {
      if (!ctx.actor.roles.includes('COORDINATOR')) {
        audit.deny({ query: criterion(null), detail: 'only coordinators search the register' });
        throw new AccessDeniedError('Only coordinators search the register (need-to-know)');
      }
      const rows = await repo.findByBlindIndex(tx, this.cipher.blindIndex(cpr.digits), await listMemberForumIds(tx, ctx.actor.userId));
      // One use: the search, naming each person it found and showed (the citizen's report lists it as a search).
      audit.use({ resourceId: rows.length === 1 ? rows[0]!.id : null, fokuspersonIds: rows.map((row) => row.id), query: criterion(rows.length) });
      return rows.map((row) => fokuspersonSummary(row, decryptSecrets(this.cipher, row)));
    });
  }
}
