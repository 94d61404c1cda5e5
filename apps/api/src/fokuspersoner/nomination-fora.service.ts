import { Inject, Injectable } from '@nestjs/common';
import { decideRegisterAccess, type Actor } from '@psp/domain';
import { listForaOfAuthority } from '@psp/persistence';
import { DataSource } from 'typeorm';
import type { NamedRef } from '../common/refs.dto';

/** The fora a caller could nominate a citizen to. */
@Injectable()
export class NominationForaService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(actor: Actor): Promise<NamedRef[]> {
    const fora = await listForaOfAuthority(this.dataSource, actor.authorityId);
    // The same rule nominating applies (forumIds do not matter to it: any member authority's staff may nominate).
    return fora
      .filter((f) => decideRegisterAccess({ ...actor, forumIds: [] }, 'NOMINATE', { forumId: f.id, memberAuthorityIds: f.authorityIds }).allowed)
      .map((f) => ({ id: f.id, name: f.name }));
  }
}
