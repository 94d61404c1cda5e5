import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import {
  AccessDeniedError,
  allowedStepActions,
  ConflictError,
  daysPastDue,
  decideStepAccess,
  DEFAULT_REMINDER_POLICY,
  isOpenStep,
  isOverdue,
  requireOpenStep,
  STEP_UPDATE,
  stepWorkflowId,
  validateDueDate,
  RuleViolationError,
  ValidationError,
  WORKFLOWS,
  STEP_QUERY,
  type ActorContext,
  type ReminderPolicy,
  type StepAccess,
  type StepActionRequest,
  type StepStatus,
  type StepWorkflowInput,
  type StepWorkflowState,
} from '@psp/domain';
import { decryptName, FieldCipher, lockStepCreation, StepActionSigner, type UnsignedStepActionRequest } from '@psp/persistence';
import { ApplicationFailure, Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions, type AuditRecorder } from '../audit/audited-transactions';
import { requireNeedToKnow } from '../audit/need-to-know';
import { API_CONFIG } from '../config.token';
import { RegisterAccess } from '../fokuspersoner/register-access';
import { decryptStepText, stepAad } from './step-text';
import type { GoalsDto, HelhedsplanView, NewStepDto, StepDetailView, StepView, TaskView } from './steps.dto';

interface StepRow {
  id: string;
  fokusperson_id: string;
  forum_id: string;
  owner_authority_id: string;
  assignee_user_id: string;
  due_date: string;
  status: StepStatus;
  block_reason: string | null;
  /** The description's key id; the note has its own (a note written after a key rotation must not re-label the description). */
  key_id: string | null;
  description_ciphertext: Buffer | null;
  note_key_id: string | null;
  note_ciphertext: Buffer | null;
  version: number;
  user_is_member: boolean;
}

const UPDATE_TIMEOUT_MS = 15_000;
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
    @Inject(StepActionSigner) private readonly signer: StepActionSigner,
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
      // The CREATE row above records this use of the person; the workflow has no next event yet.
      return this.detailView(tx, ctx, (await this.findStep(tx, id, ctx.actor.userId))!, null);
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
      throw new RuleViolationError(`${label}ownerAuthorityId must be one of the forum’s member authorities`);
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
      // A closed step has no next reminder, whatever an ended workflow's last state says.
      return this.detailView(tx, ctx, step, isOpenStep(step.status) ? await this.nextEvent(stepId) : null);
    });
  }

  /**
   * The step with what its page needs: the person (name and tovholder, never the CPR number), the
   * plan's goals, forum, owner and assignee, its history, and what the caller may do with it now.
   */
  private async detailView(tx: EntityManager, ctx: AuditContext, step: StepRow, nextEvent: StepDetailView['nextEvent']): Promise<StepDetailView> {
    const [c] = await tx.query(
      `SELECT p.key_id AS person_key_id, p.name_ciphertext, la.id AS lead_id, la.name AS lead_name, f.name AS forum_name,
              oa.name AS owner_name, u.display_name AS assignee_name, h.id AS plan_id, h.current_version
         FROM step s
         JOIN fokusperson p ON p.id = s.fokusperson_id
         JOIN forum f ON f.id = p.forum_id
         JOIN authority oa ON oa.id = s.owner_authority_id
         JOIN app_user u ON u.id = s.assignee_user_id
         JOIN helhedsplan h ON h.id = s.helhedsplan_id
         LEFT JOIN authority la ON la.id = p.lead_authority_id
        WHERE s.id = $1`,
      [step.id],
    );
    const events: { at: Date; action: string; from_status: string | null; to_status: string; reason: string | null; actor_user_id: string | null; display_name: string | null }[] = await tx.query(
      `SELECT e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, u.display_name
         FROM step_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE e.step_id = $1 ORDER BY e.at, e.id`,
      [step.id],
    );
    return {
      ...this.toView(step),
      note: decryptStepText(this.cipher, step.id, 'note', step.note_key_id, step.note_ciphertext),
      nextEvent,
      fokusperson: {
        id: step.fokusperson_id,
        name: decryptName(this.cipher, step.fokusperson_id, c.person_key_id, c.name_ciphertext),
        leadAuthority: c.lead_id ? { id: c.lead_id, name: c.lead_name } : null,
      },
      goals: await this.goalsOf(tx, c.plan_id, c.current_version),
      forum: { id: step.forum_id, name: c.forum_name },
      ownerAuthority: { id: step.owner_authority_id, name: c.owner_name },
      assignee: { id: step.assignee_user_id, displayName: c.assignee_name },
      history: events.map((e) => ({
        at: e.at,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        reason: e.reason,
        actor: e.actor_user_id && e.display_name ? { id: e.actor_user_id, displayName: e.display_name } : null,
      })),
      allowedActions: allowedStepActions(this.actorContext(ctx, step), {
        assigneeUserId: step.assignee_user_id,
        ownerAuthorityId: step.owner_authority_id,
        forumId: step.forum_id,
        status: step.status,
      }),
    };
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
      } satisfies UnsignedStepActionRequest;
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
    if (!user || !user.active) throw new RuleViolationError(`${label}assigneeUserId ${userId} is not an active user`);
    if (user.authority_id !== ownerAuthorityId) throw new RuleViolationError(`${label}The assignee must work in the step’s owner authority`);
  }

  // ---- inbox and oversight ----

  myTasks(ctx: AuditContext, status: string | undefined): Promise<TaskView[]> {
    return this.audited.run(ctx, async (tx, audit) => {
      const rows = await tx.query(
        `SELECT s.id, s.fokusperson_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.status, s.block_reason, s.key_id, s.description_ciphertext,
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
          description: decryptStepText(this.cipher, r['id'], 'description', r['key_id'], r['description_ciphertext']),
          dueDate: r['due_date'],
          status: r['status'],
          blockReason: r['block_reason'],
          overdue: isOverdue(r['status'], r['due_date'], now),
          daysOverdue: daysPastDue(r['due_date'], now),
          fokusperson: { id: r['fokusperson_id'], name: decryptName(this.cipher, r['fokusperson_id'], r['person_key_id'], r['name_ciphertext']) },
        };
      });
    });
  }

  // ---- helpers ----

  private async findStep(tx: EntityManager, stepId: string, userId: string): Promise<StepRow | undefined> {
    const [step] = (await tx.query(
      `SELECT s.id, s.fokusperson_id, p.forum_id, s.owner_authority_id, s.assignee_user_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date,
              s.status, s.block_reason, s.key_id, s.description_ciphertext, s.note_key_id, s.note_ciphertext, s.version,
              EXISTS (SELECT 1 FROM forum_member m WHERE m.forum_id = p.forum_id AND m.user_id = $2) AS user_is_member
         FROM step s JOIN fokusperson p ON p.id = s.fokusperson_id WHERE s.id = $1`,
      [stepId, userId],
    )) as StepRow[];
    return step;
  }

  /** The caller with the step's forum if they are a member of it: what the step policy needs to know. */
  private actorContext(ctx: AuditContext, step: StepRow): ActorContext {
    return { ...ctx.actor, forumIds: step.user_is_member ? [step.forum_id] : [] };
  }

  private async loadStep(tx: EntityManager, ctx: AuditContext, stepId: string, access: StepAccess, audit: AuditRecorder): Promise<StepRow> {
    return requireNeedToKnow(ctx.actor, {
      record: await this.findStep(tx, stepId, ctx.actor.userId),
      kind: 'Step',
      id: stepId,
      facts: (step) => ({ forumId: step.forum_id, actorIsMember: step.user_is_member }),
      decide: (actor, step) => decideStepAccess(actor, access, { assigneeUserId: step.assignee_user_id, ownerAuthorityId: step.owner_authority_id, forumId: step.forum_id }),
      audit,
      logged: (step) => ({ resourceType: 'Step', resourceId: stepId, fokuspersonId: step.fokusperson_id }),
    });
  }

  private async update(stepId: string, unsigned: UnsignedStepActionRequest): Promise<void> {
    const handle = this.temporal.workflow.getHandle(stepWorkflowId(stepId));
    // The api names the Update and signs the request for this step and this Update: the worker
    // applies nothing else, and a replayed request is the Update already applied.
    const updateId = randomUUID();
    const request = this.signer.sign(stepId, updateId, unsigned);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HttpException('The step service did not answer in time; try again', HttpStatus.SERVICE_UNAVAILABLE)), UPDATE_TIMEOUT_MS);
    });
    try {
      await Promise.race([handle.executeUpdate(STEP_UPDATE, { args: [request], updateId }), timeout]);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        // Refused by the validator (an ApplicationFailure), or by the activity that applies it (an
        // ActivityFailure around one), e.g. when two changes of one step race.
        let cause: unknown = err.cause;
        while (cause instanceof Error && !(cause instanceof ApplicationFailure)) cause = cause.cause;
        if (cause instanceof ApplicationFailure) {
          if (cause.type === 'ConflictError') throw new ConflictError(cause.message);
          if (cause.type === 'ValidationError') throw new ValidationError(cause.message);
          if (cause.type === 'RuleViolationError') throw new RuleViolationError(cause.message);
          if (cause.type === 'NotFoundError') throw new ConflictError('The step no longer exists');
          // The worker refused the actor (deactivated meanwhile): the change is not made.
          if (cause.type === 'AccessDeniedError') throw new AccessDeniedError(cause.message);
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
      description: decryptStepText(this.cipher, s.id, 'description', s.key_id, s.description_ciphertext),
      ownerAuthorityId: s.owner_authority_id,
      assigneeUserId: s.assignee_user_id,
      dueDate: s.due_date,
      status: s.status,
      blockReason: s.block_reason,
      overdue: isOverdue(s.status, s.due_date, new Date()),
      version: s.version,
    };
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
