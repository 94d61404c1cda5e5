import { Inject, Injectable } from '@nestjs/common';
import { ConflictError } from '@psp/domain';
import {
  decryptHelhedsplanChange,
  FieldCipher,
  findHelhedsplan,
  insertHelhedsplan,
  insertHelhedsplanVersion,
  listHelhedsplanVersions,
  listStepsOfPlan,
  readHelhedsplanGoals,
  setCurrentHelhedsplanVersion,
} from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { RegisterAccess } from '../fokuspersoner/register-access';
import { stepView } from './step-view';
import type { GoalsDto, HelhedsplanView } from './steps.dto';

/** A fokusperson's helhedsplan: its goals and versions. Reads and changes are audited transactions. */
@Injectable()
export class HelhedsplanService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(RegisterAccess) private readonly register: RegisterAccess,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  getPlan(ctx: AuditContext, fokuspersonId: string): Promise<HelhedsplanView> {
    return this.audited.run(ctx, async (tx, audit) => {
      await this.register.load(tx, ctx, fokuspersonId, 'READ', audit);
      audit.use({ resourceId: fokuspersonId, fokuspersonId });
      return this.planView(tx, fokuspersonId);
    });
  }

  setGoals(ctx: AuditContext, fokuspersonId: string, dto: GoalsDto): Promise<HelhedsplanView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row } = await this.register.load(tx, ctx, fokuspersonId, 'UPDATE', audit, true);
      if (row.status !== 'ACTIVE') throw new ConflictError(`A helhedsplan is agreed for an ACTIVE fokusperson; this one is ${row.status}`);
      await this.newVersion(tx, ctx, fokuspersonId, dto.goals, dto.change);
      audit.use({ resourceId: fokuspersonId, fokuspersonId, detail: 'goals changed' });
      return this.planView(tx, fokuspersonId);
    });
  }

  /** Adds a version of the plan (creating the plan at version 1): new goals, or the same goals with a change note; a meeting's when its minutes changed it. */
  async newVersion(tx: EntityManager, ctx: AuditContext, fokuspersonId: string, goals: string[] | undefined, change: string, meetingId: string | null = null) {
    const plan = await findHelhedsplan(tx, fokuspersonId, true);
    let planId: string;
    let version = 1;
    let currentGoals: string[] = [];
    if (plan) {
      planId = plan.id;
      version = plan.current_version + 1;
      currentGoals = await this.goals(tx, plan.id, plan.current_version);
      await setCurrentHelhedsplanVersion(tx, plan.id, version);
    } else {
      planId = await insertHelhedsplan(tx, fokuspersonId);
    }
    await insertHelhedsplanVersion(tx, this.cipher, planId, { version, createdByUserId: ctx.actor.userId, goals: goals ?? currentGoals, change, meetingId });
    return { id: planId, version };
  }

  /** The goals of one version of the plan. */
  goals(tx: EntityManager, planId: string, version: number): Promise<string[]> {
    return readHelhedsplanGoals(tx, this.cipher, planId, version);
  }

  private async planView(tx: EntityManager, fokuspersonId: string): Promise<HelhedsplanView> {
    const plan = await findHelhedsplan(tx, fokuspersonId);
    if (!plan) return { fokuspersonId, version: 0, goals: [], steps: [], versions: [] };
    const versions = await listHelhedsplanVersions(tx, plan.id);
    const steps = await listStepsOfPlan(tx, plan.id);
    return {
      fokuspersonId,
      version: plan.current_version,
      goals: await this.goals(tx, plan.id, plan.current_version),
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
