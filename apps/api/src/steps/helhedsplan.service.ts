import { Inject, Injectable } from '@nestjs/common';
import { ConflictError } from '@psp/domain';
import {
  decryptHelhedsplanChange,
  FieldCipher,
  findHelhedsplan,
  listHelhedsplanVersions,
  listStepsOfPlan,
  readHelhedsplanGoals,
} from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { RegisterAccess } from '../fokuspersoner/register-access';
import { AgreedSteps } from '../use-cases/agreed-steps';
import { stepView } from './step-view';
import type { GoalsDto, HelhedsplanView } from './steps.dto';

/** A fokusperson's helhedsplan: its goals and versions. Reads and changes are audited transactions. */
@Injectable()
export class HelhedsplanService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(RegisterAccess) private readonly register: RegisterAccess,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AgreedSteps) private readonly agreed: AgreedSteps,
  ) {}

  getPlan(ctx: AuditContext, fokuspersonId: string): Promise<HelhedsplanView> {
    return this.audited.read(ctx, async (db, audit) => {
      await this.register.load(db, ctx, fokuspersonId, 'READ', audit);
      audit.use({ resourceId: fokuspersonId, fokuspersonId });
      return this.planView(db, fokuspersonId);
    });
  }

  setGoals(ctx: AuditContext, fokuspersonId: string, dto: GoalsDto): Promise<HelhedsplanView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row } = await this.register.load(tx, ctx, fokuspersonId, 'UPDATE', audit, true);
      if (row.status !== 'ACTIVE') throw new ConflictError(`A helhedsplan is agreed for an ACTIVE fokusperson; this one is ${row.status}`);
      await this.agreed.newPlanVersion(tx, ctx, fokuspersonId, dto.goals, dto.change);
      audit.use({ resourceId: fokuspersonId, fokuspersonId, detail: 'goals changed' });
      return this.planView(tx, fokuspersonId);
    });
  }

  private async planView(tx: EntityManager, fokuspersonId: string): Promise<HelhedsplanView> {
    const plan = await findHelhedsplan(tx, fokuspersonId);
    if (!plan) return { fokuspersonId, version: 0, goals: [], steps: [], versions: [] };
    const versions = await listHelhedsplanVersions(tx, plan.id);
    const steps = await listStepsOfPlan(tx, plan.id);
    return {
      fokuspersonId,
      version: plan.current_version,
      goals: await readHelhedsplanGoals(tx, this.cipher, plan.id, plan.current_version),
      steps: steps.map((s) => stepView(this.cipher, s)),
      versions: versions.map((v) => ({
        version: v.version,
        createdAt: v.created_at,
        createdByUserId: v.created_by_user_id,
        meetingId: v.meeting_id,
        change: decryptHelhedsplanChange(this.cipher, plan.id, v),
      })),
    };
  }
}
