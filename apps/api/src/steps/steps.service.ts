import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import {
  AccessDeniedError,
  ConflictError,
  copenhagenDate,
  decideStepAccess,
  DEFAULT_REMINDER_POLICY,
  isOverdue,
  NotFoundError,
  requireOpenStep,
  STEP_UPDATE,
  stepWorkflowId,
  validateDueDate,
  ValidationError,
  WORKFLOWS,
  STEP_QUERY,
  type ReminderPolicy,
  type StepAccess,
  type StepActionRequest,
  type StepStatus,
  type StepWorkflowInput,
  type StepWorkflowState,
} from '@psp/domain';
import { decryptName, FieldCipher, lockStepCreation } from '@psp/persistence';
import { ApplicationFailure, Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions, type AuditRecorder } from '../audit/audited-transactions';
import { API_CONFIG } from '../config.token';
import { RegisterAccess } from '../fokuspersoner/register-access';
import type { GoalsDto, HelhedsplanView, NewStepDto, OversightGroupView, StepDetailView, StepView, TaskView } from './steps.dto';

interface StepRow {
  id: string;
  fokusperson_id: string;
  forum_id: string;
  owner_authority_id: string;
  assignee_user_id: string;
  due_date: string;
  status: StepStatus;
  block_reason: string | null;
  key_id: string | null;
  description_ciphertext: Buffer | null;
  note_ciphertext: Buffer | null;
  version: number;
  user_is_member: boolean;
}

const UPDATE_TIMEOUT_MS = 15_000;
const stepAad = (id: string, field: string) => `step:${id}:${field}`;
const planAad = (planId: string, version: number, field: string) => `helhedsplan:${planId}:${version}:${field}`;

/**
 * Helhedsplaner and their steps. Reads and creation are audited transactions here; every change of
 * a step goes through its workflow's Update, whose activity writes the step and its log row.
 */
@Injectable()
export class StepsService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(RegisterAccess) private readonly register: RegisterAccess,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(Client) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  // ---- helhedsplan ----

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

  addStep(ctx: AuditContext, fokuspersonId: string, dto: NewStepDto): Promise<StepDetailView> {
    const dueDate = validateDueDate(dto.dueDate, new Date());
    return this.audited.run(ctx, async (tx, audit) => {
      const { row, forum } = await this.register.load(tx, ctx, fokuspersonId, 'UPDATE', audit, true);
      if (row.status !== 'ACTIVE') throw new ConflictError(`Steps are agreed for an ACTIVE fokusperson; this one is ${row.status}`);
      const plan = await this.newVersion(tx, ctx, fokuspersonId, undefined, `Handling tilføjet: frist ${dueDate}`);
      const id = await this.createStep(tx, audit, { fokuspersonId, forumId: row.forum_id, memberAuthorityIds: forum.memberAuthorityIds }, plan, { ...dto, dueDate });
      return { ...(await this.stepView(tx, id)), note: null, nextEvent: null };
    });
  }

  /**
   * Creates a step of a plan version inside the caller's audited transaction and starts its
   * workflow (between meetings, or from a meeting's approved minutes). Returns the step id.
   */
  async createStep(
    tx: EntityManager,
    audit: AuditRecorder,
    person: { fokuspersonId: string; forumId: string; memberAuthorityIds: string[] },
    plan: { id: string; version: number },
    dto: NewStepDto,
    label = '',
  ): Promise<string> {
    const dueDate = validateDueDate(dto.dueDate, new Date());
    if (!person.memberAuthorityIds.includes(dto.ownerAuthorityId)) {
      throw new ValidationError(`${label}ownerAuthorityId must be one of the forum’s member authorities`);
    }
    await this.requireAssignee(tx, dto.assigneeUserId, dto.ownerAuthorityId, label);
    const id = randomUUID();
    const keyId = this.cipher.activeKeyId;
    const [created] = await tx.query(
      `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, key_id, description_ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'ASSIGNED', $8, $9) RETURNING assigned_at`,
      [id, plan.id, person.fokuspersonId, plan.version, dto.ownerAuthorityId, dto.assigneeUserId, dueDate, keyId, this.cipher.encrypt(dto.description, stepAad(id, 'description'), keyId)],
    );
    const [{ reminder_policy }] = await tx.query(`SELECT reminder_policy FROM forum WHERE id = $1`, [person.forumId]);
    const input: StepWorkflowInput = {
      stepId: id,
      status: 'ASSIGNED',
      assigneeUserId: dto.assigneeUserId,
      dueDate,
      assignedAt: new Date(created.assigned_at).toISOString(),
      policy: { ...DEFAULT_REMINDER_POLICY, ...((reminder_policy as Partial<ReminderPolicy> | null) ?? {}) },
    };
    // Inside the transaction: if Temporal refuses, no step is created. The workflow's first notice
    // waits for this transaction's end (the lock); if the commit fails, the workflow finds no step
    // for about a minute and ends (MISSING), having sent nothing.
    await lockStepCreation(tx, id, 'create');
    await this.temporal.workflow.start(WORKFLOWS.step, { workflowId: stepWorkflowId(id), taskQueue: this.config.temporal.taskQueue, args: [input] });
    audit.use({ action: 'CREATE', resourceType: 'Step', resourceId: id, fokuspersonId: person.fokuspersonId });
    return id;
  }

  // ---- steps ----

  getStep(ctx: AuditContext, stepId: string): Promise<StepDetailView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const step = await this.loadStep(tx, ctx, stepId, 'READ', audit);
      audit.use({ action: 'READ', resourceType: 'Step', resourceId: stepId, fokuspersonId: step.fokusperson_id });
      const view = this.toView(step);
      const note = step.key_id && step.note_ciphertext ? this.cipher.decrypt(step.note_ciphertext, stepAad(step.id, 'note'), step.key_id) : null;
      return { ...view, note, nextEvent: await this.nextEvent(stepId) };
    });
  }

  /** Authorises a change here (refusals logged), then applies it through the step's workflow. */
  async act(
    ctx: AuditContext,
    stepId: string,
    access: StepAccess,
    change: (step: StepRow, tx: EntityManager) => Promise<Omit<StepActionRequest, 'actor' | 'purpose' | 'requestId' | 'clientAddress'>>,
  ): Promise<StepDetailView> {
    const request = await this.audited.authorizeOnly(ctx, async (tx, audit) => {
      const step = await this.loadStep(tx, ctx, stepId, access, audit);
      requireOpenStep(step.status);
      const body = await change(step, tx);
      const a = ctx.actor;
      return {
        ...body,
        actor: { userId: a.userId, username: a.username, authorityId: a.authorityId, roles: a.roles },
        purpose: ctx.purpose,
        requestId: ctx.requestId,
        clientAddress: ctx.clientAddress,
      } satisfies StepActionRequest;
    });
    await this.update(stepId, request);
    return this.getStep(ctx, stepId);
  }

  /** Encrypts a note for the step (outcome, block text, reason): the workflow history holds only ciphertext. */
  note(stepId: string, text: string): StepActionRequest['note'] {
    const keyId = this.cipher.activeKeyId;
    return { keyId, ciphertext: this.cipher.encrypt(text, stepAad(stepId, 'note'), keyId).toString('base64') };
  }

  async requireAssignee(tx: EntityManager, userId: string, ownerAuthorityId: string, label = ''): Promise<void> {
    const [user] = await tx.query(`SELECT authority_id, active FROM app_user WHERE id = $1`, [userId]);
    if (!user || !user.active) throw new ValidationError(`${label}assigneeUserId ${userId} is not an active user`);
    if (user.authority_id !== ownerAuthorityId) throw new ValidationError(`${label}The assignee must work in the step’s owner authority`);
  }

  // ---- inbox and oversight ----

  myTasks(ctx: AuditContext, status: string | undefined): Promise<TaskView[]> {
    return this.audited.run(ctx, async (tx, audit) => {
      const rows = await tx.query(
        `SELECT s.id, s.fokusperson_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.status, s.key_id, s.description_ciphertext,
                p.key_id AS person_key_id, p.name_ciphertext
           FROM step s JOIN fokusperson p ON p.id = s.fokusperson_id
          WHERE s.assignee_user_id = $1 AND s.status NOT IN ('DONE', 'CANCELLED') AND ($2::text IS NULL OR s.status = $2)
          ORDER BY s.due_date, s.id LIMIT 500`,
        [ctx.actor.userId, status ?? null],
      );
      audit.use({ action: 'SEARCH', resourceType: 'Step', query: `assignee=me;status=${status ?? 'open'}` });
      const now = new Date();
      return rows.map((r: Record<string, never>) => {
        audit.use({ resourceType: 'Step', resourceId: r['id'], fokuspersonId: r['fokusperson_id'] });
        return {
          stepId: r['id'],
          description: r['key_id'] && r['description_ciphertext'] ? this.cipher.decrypt(r['description_ciphertext'], stepAad(r['id'], 'description'), r['key_id']) : null,
          dueDate: r['due_date'],
          status: r['status'],
          overdue: isOverdue(r['status'], r['due_date'], now),
          fokusperson: { id: r['fokusperson_id'], name: decryptName(this.cipher, r['fokusperson_id'], r['person_key_id'], r['name_ciphertext']) },
        };
      });
    });
  }

  overdue(ctx: AuditContext, soonDays: number): Promise<OversightGroupView[]> {
    return this.audited.run(ctx, async (tx, audit) => {
      const today = copenhagenDate(new Date());
      const rows = await tx.query(
        `SELECT s.id, s.fokusperson_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.status, s.assignee_user_id,
                u.display_name, ($2::date - s.due_date) AS days_overdue
           FROM step s JOIN app_user u ON u.id = s.assignee_user_id
          WHERE s.owner_authority_id = $1 AND s.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS')
            AND s.due_date <= $2::date + $3::int
          ORDER BY u.display_name, s.due_date, s.id`,
        [ctx.actor.authorityId, today, soonDays],
      );
      audit.use({ action: 'SEARCH', resourceType: 'Step', query: `owner=${ctx.actor.authorityId};dueWithin=${soonDays}` });
      const groups = new Map<string, OversightGroupView>();
      for (const r of rows) {
        audit.use({ resourceType: 'Step', resourceId: r.id, fokuspersonId: r.fokusperson_id });
        const group: OversightGroupView = groups.get(r.assignee_user_id) ?? { assignee: { id: r.assignee_user_id, displayName: r.display_name }, steps: [] };
        group.steps.push({ stepId: r.id, fokuspersonId: r.fokusperson_id, dueDate: r.due_date, status: r.status, daysOverdue: Number(r.days_overdue) });
        groups.set(r.assignee_user_id, group);
      }
      return [...groups.values()];
    });
  }

  // ---- helpers ----

  private async loadStep(tx: EntityManager, ctx: AuditContext, stepId: string, access: StepAccess, audit: AuditRecorder): Promise<StepRow> {
    const [step] = (await tx.query(
      `SELECT s.id, s.fokusperson_id, p.forum_id, s.owner_authority_id, s.assignee_user_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date,
              s.status, s.block_reason, s.key_id, s.description_ciphertext, s.note_ciphertext, s.version,
              EXISTS (SELECT 1 FROM forum_member m WHERE m.forum_id = p.forum_id AND m.user_id = $2) AS user_is_member
         FROM step s JOIN fokusperson p ON p.id = s.fokusperson_id WHERE s.id = $1`,
      [stepId, ctx.actor.userId],
    )) as StepRow[];
    if (!step) throw new NotFoundError('Step', stepId);
    const decision = decideStepAccess(
      { ...ctx.actor, forumIds: step.user_is_member ? [step.forum_id] : [] },
      access,
      { assigneeUserId: step.assignee_user_id, ownerAuthorityId: step.owner_authority_id, forumId: step.forum_id },
    );
    if (!decision.allowed) {
      audit.deny({ resourceType: 'Step', resourceId: stepId, fokuspersonId: step.fokusperson_id, detail: decision.reason });
      if (decision.hide) throw new NotFoundError('Step', stepId);
      throw new AccessDeniedError(decision.reason);
    }
    return step;
  }

  private async update(stepId: string, request: StepActionRequest): Promise<void> {
    const handle = this.temporal.workflow.getHandle(stepWorkflowId(stepId));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HttpException('The step service did not answer in time; try again', HttpStatus.SERVICE_UNAVAILABLE)), UPDATE_TIMEOUT_MS);
    });
    try {
      await Promise.race([handle.executeUpdate(STEP_UPDATE, { args: [request] }), timeout]);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        // Refused by the validator (an ApplicationFailure), or by the activity that applies it (an
        // ActivityFailure around one), e.g. when two changes of one step race.
        let cause: unknown = err.cause;
        while (cause instanceof Error && !(cause instanceof ApplicationFailure)) cause = cause.cause;
        if (cause instanceof ApplicationFailure) {
          if (cause.type === 'ConflictError') throw new ConflictError(cause.message);
          if (cause.type === 'ValidationError') throw new ValidationError(cause.message);
          if (cause.type === 'NotFoundError') throw new ConflictError('The step no longer exists');
        }
      }
      if (err instanceof WorkflowNotFoundError) throw new ConflictError('The step is closed and cannot be changed');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private async nextEvent(stepId: string): Promise<StepWorkflowState['nextEvent']> {
    try {
      const state = await this.temporal.workflow.getHandle(stepWorkflowId(stepId)).query<StepWorkflowState>(STEP_QUERY);
      return state.nextEvent;
    } catch {
      return null; // a finished step has no next deadline; a query needs a running worker
    }
  }

  private toView(s: Omit<StepRow, 'forum_id' | 'user_is_member'>): StepView {
    return {
      id: s.id,
      fokuspersonId: s.fokusperson_id,
      description: s.key_id && s.description_ciphertext ? this.cipher.decrypt(s.description_ciphertext, stepAad(s.id, 'description'), s.key_id) : null,
      ownerAuthorityId: s.owner_authority_id,
      assigneeUserId: s.assignee_user_id,
      dueDate: s.due_date,
      status: s.status,
      blockReason: s.block_reason,
      overdue: isOverdue(s.status, s.due_date, new Date()),
      version: s.version,
    };
  }

  private async stepView(tx: EntityManager, stepId: string): Promise<StepView> {
    const [s] = await tx.query(
      `SELECT id, fokusperson_id, owner_authority_id, assignee_user_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, block_reason,
              key_id, description_ciphertext, note_ciphertext, version FROM step WHERE id = $1`,
      [stepId],
    );
    return this.toView(s);
  }

  /** Adds a version of the plan (creating the plan at version 1): new goals, or the same goals with a change note; a meeting's when its minutes changed it. */
  async newVersion(tx: EntityManager, ctx: AuditContext, fokuspersonId: string, goals: string[] | undefined, change: string, meetingId: string | null = null) {
    let [plan] = await tx.query(`SELECT id, current_version FROM helhedsplan WHERE fokusperson_id = $1 FOR UPDATE`, [fokuspersonId]);
    let version = 1;
    let currentGoals: string[] = [];
    if (plan) {
      version = plan.current_version + 1;
      currentGoals = await this.goalsOf(tx, plan.id, plan.current_version);
      await tx.query(`UPDATE helhedsplan SET current_version = $2, updated_at = now() WHERE id = $1`, [plan.id, version]);
    } else {
      [plan] = await tx.query(`INSERT INTO helhedsplan (fokusperson_id) VALUES ($1) RETURNING id`, [fokuspersonId]);
    }
    const keyId = this.cipher.activeKeyId;
    await tx.query(
      `INSERT INTO helhedsplan_version (helhedsplan_id, version, created_by_user_id, key_id, goals_ciphertext, change_ciphertext, meeting_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        plan.id,
        version,
        ctx.actor.userId,
        keyId,
        this.cipher.encrypt(JSON.stringify(goals ?? currentGoals), planAad(plan.id, version, 'goals'), keyId),
        this.cipher.encrypt(change, planAad(plan.id, version, 'change'), keyId),
        meetingId,
      ],
    );
    return { id: plan.id as string, version };
  }

  private async goalsOf(tx: EntityManager, planId: string, version: number): Promise<string[]> {
    const [v] = await tx.query(`SELECT key_id, goals_ciphertext FROM helhedsplan_version WHERE helhedsplan_id = $1 AND version = $2`, [planId, version]);
    return v?.key_id && v.goals_ciphertext ? (JSON.parse(this.cipher.decrypt(v.goals_ciphertext, planAad(planId, version, 'goals'), v.key_id)) as string[]) : [];
  }

  private async planView(tx: EntityManager, fokuspersonId: string): Promise<HelhedsplanView> {
    const [plan] = await tx.query(`SELECT id, current_version FROM helhedsplan WHERE fokusperson_id = $1`, [fokuspersonId]);
    if (!plan) return { fokuspersonId, version: 0, goals: [], steps: [], versions: [] };
    const versions = await tx.query(
      `SELECT version, created_at, created_by_user_id, meeting_id, key_id, change_ciphertext FROM helhedsplan_version WHERE helhedsplan_id = $1 ORDER BY version`,
      [plan.id],
    );
    const steps = await tx.query(
      `SELECT id, fokusperson_id, owner_authority_id, assignee_user_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, block_reason,
              key_id, description_ciphertext, note_ciphertext, version FROM step WHERE helhedsplan_id = $1 ORDER BY created_at, id`,
      [plan.id],
    );
    return {
      fokuspersonId,
      version: plan.current_version,
      goals: await this.goalsOf(tx, plan.id, plan.current_version),
      steps: steps.map((s: Parameters<StepsService['toView']>[0]) => this.toView(s)),
      versions: versions.map((v: Record<string, never>) => ({
        version: v['version'],
        createdAt: v['created_at'],
        createdByUserId: v['created_by_user_id'],
        meetingId: v['meeting_id'],
        change: v['key_id'] && v['change_ciphertext'] ? this.cipher.decrypt(v['change_ciphertext'], planAad(plan.id, v['version'], 'change'), v['key_id']) : null,
      })),
    };
  }
}
