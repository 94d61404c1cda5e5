import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { STEP_ACTION_ACCESS, type StepAction } from '@psp/domain';
import type { EntityManager } from 'typeorm';
import { Audit, type AuditContext } from '../audit/audit-context';
import { PersonalData } from '../audit/personal-data.decorator';
import { ApiRuleViolation, UuidParam } from '../common/validation';
import { Access } from '../identity/access.decorator';
import {
  BlockDto,
  CompleteDto,
  DueDateDto,
  GoalsDto,
  HelhedsplanView,
  NewStepDto,
  ReasonDto,
  ReassignDto,
  StepDetailView,
  TaskView,
  TasksQuery,
} from './steps.dto';
import { HelhedsplanService } from './helhedsplan.service';
import { AgreedSteps } from '../use-cases/agreed-steps';
import { StepsService, type StepChangeAsked } from './steps.service';

const NOT_VISIBLE = 'Unknown, or not your step, your authority’s or your forum’s';

@ApiTags('helhedsplan')
@ApiBadRequestResponse({ description: 'Malformed input; the message names it' })
@Controller('api/v1/fokuspersoner/:id/helhedsplan')
export class HelhedsplanController {
  constructor(
    private readonly plans: HelhedsplanService,
    private readonly steps: StepsService,
  ) {}

  @Get()
  @Access('The helhedsplan of a fokusperson: goals, steps and version history (coordinators of the forum)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'READ', 'Helhedsplan', { alsoFor: ['PSP_CASE_PREPARATION'] })
  @ApiOkResponse({ type: HelhedsplanView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  get(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.plans.getPlan(ctx, id);
  }

  @Put('goals')
  @Access('Set the plan’s goals (a new version with a change note)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'UPDATE', 'Helhedsplan')
  @ApiOkResponse({ type: HelhedsplanView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  @ApiConflictResponse({ description: 'The fokusperson is not ACTIVE' })
  setGoals(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: GoalsDto) {
    return this.plans.setGoals(ctx, id, dto);
  }

  @Post('steps')
  @Access('Add a step between meetings: owner authority, assignee, due date; its workflow starts', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'CREATE', 'Step')
  @ApiCreatedResponse({ type: StepDetailView })
  @ApiNotFoundResponse({ description: 'Unknown, or in a forum the caller is not a member of' })
  @ApiConflictResponse({ description: 'The fokusperson is not ACTIVE' })
  @ApiRuleViolation('the owner must be a member authority of the forum, the assignee an active user of the owner, the due date not in the past')
  addStep(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: NewStepDto) {
    return this.steps.addStep(ctx, id, dto);
  }
}

@ApiTags('steps')
@ApiBadRequestResponse({ description: 'Malformed input; the message names it' })
@ApiNotFoundResponse({ description: NOT_VISIBLE })
@Controller('api/v1/steps/:id')
export class StepsController {
  constructor(
    private readonly steps: StepsService,
    private readonly agreed: AgreedSteps,
  ) {}

  @Get()
  @Access('One step, with its next reminder or escalation', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('TASK_HANDLING', 'READ', 'Step', { alsoFor: ['OVERSIGHT', 'PSP_COORDINATION'] })
  @ApiOkResponse({ type: StepDetailView })
  get(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.steps.getStep(ctx, id);
  }

  /** Authorised by the same rule that computes a step's `allowedActions` (libs/domain). */
  private act(ctx: AuditContext, id: string, action: StepAction, ask: (step: { owner_authority_id: string }, tx: EntityManager) => Promise<StepChangeAsked>) {
    return this.steps.act(ctx, id, STEP_ACTION_ACCESS[action], ask);
  }

  @Post('acknowledge')
  @HttpCode(200)
  @Access('Acknowledge the step (the assignee)', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('TASK_HANDLING', 'UPDATE', 'Step')
  @ApiOkResponse({ type: StepDetailView })
  @ApiConflictResponse({ description: 'Not possible from the step’s status, or the step is closed' })
  @ApiServiceUnavailableResponse({ description: 'The workflow service is unavailable: nothing was changed' })
  acknowledge(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.act(ctx, id, 'ACKNOWLEDGE', async () => ({ action: 'ACKNOWLEDGE' }));
  }

  @Post('start')
  @HttpCode(200)
  @Access('Start work on the step (the assignee)', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('TASK_HANDLING', 'UPDATE', 'Step')
  @ApiOkResponse({ type: StepDetailView })
  @ApiConflictResponse({ description: 'Not possible from the step’s status, or the step is closed' })
  @ApiServiceUnavailableResponse({ description: 'The workflow service is unavailable: nothing was changed' })
  start(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.act(ctx, id, 'START', async () => ({ action: 'START' }));
  }

  @Post('complete')
  @HttpCode(200)
  @Access('Complete the step with an outcome note (the assignee)', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('TASK_HANDLING', 'UPDATE', 'Step')
  @ApiOkResponse({ type: StepDetailView })
  @ApiConflictResponse({ description: 'The step is closed' })
  @ApiServiceUnavailableResponse({ description: 'The workflow service is unavailable: nothing was changed' })
  complete(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: CompleteDto) {
    return this.act(ctx, id, 'COMPLETE', async () => ({ action: 'COMPLETE', note: dto.outcome }));
  }

  @Post('block')
  @HttpCode(200)
  @Access('Block the step: not possible, waiting on another authority, or declined by the citizen (the assignee)', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('TASK_HANDLING', 'UPDATE', 'Step')
  @ApiOkResponse({ type: StepDetailView })
  @ApiConflictResponse({ description: 'Not possible from the step’s status, or the step is closed' })
  @ApiServiceUnavailableResponse({ description: 'The workflow service is unavailable: nothing was changed' })
  block(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: BlockDto) {
    return this.act(ctx, id, 'BLOCK', async () => ({ action: 'BLOCK', blockReason: dto.reason, note: dto.text }));
  }

  @Post('resume')
  @HttpCode(200)
  @Access('Resume a blocked step (the assignee)', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('TASK_HANDLING', 'UPDATE', 'Step')
  @ApiOkResponse({ type: StepDetailView })
  @ApiConflictResponse({ description: 'The step is not blocked, or is closed' })
  @ApiServiceUnavailableResponse({ description: 'The workflow service is unavailable: nothing was changed' })
  resume(@Audit() ctx: AuditContext, @UuidParam('id') id: string) {
    return this.act(ctx, id, 'RESUME', async () => ({ action: 'RESUME' }));
  }

  @Post('reassign')
  @HttpCode(200)
  @Access('Give the step to another user of the owner authority (a supervisor of it, or a coordinator)', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('OVERSIGHT', 'UPDATE', 'Step', { alsoFor: ['PSP_COORDINATION'] })
  @ApiOkResponse({ type: StepDetailView })
  @ApiConflictResponse({ description: 'The step is closed' })
  @ApiServiceUnavailableResponse({ description: 'The workflow service is unavailable: nothing was changed' })
  @ApiRuleViolation('the assignee must be an active user of the step’s owner authority')
  reassign(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: ReassignDto) {
    return this.act(ctx, id, 'REASSIGN', async (step, tx) => {
      await this.agreed.requireAssignee(tx, dto.assigneeUserId, step.owner_authority_id);
      return { action: 'REASSIGN', assigneeUserId: dto.assigneeUserId, note: dto.reason };
    });
  }

  @Put('due-date')
  @Access('Move the due date, with a reason; not into the past (a supervisor of the owner authority, or a coordinator)', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('OVERSIGHT', 'UPDATE', 'Step', { alsoFor: ['PSP_COORDINATION'] })
  @ApiOkResponse({ type: StepDetailView })
  @ApiConflictResponse({ description: 'The step is closed' })
  @ApiServiceUnavailableResponse({ description: 'The workflow service is unavailable: nothing was changed' })
  @ApiRuleViolation('the due date must not be in the past')
  dueDate(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: DueDateDto) {
    return this.act(ctx, id, 'CHANGE_DUE_DATE', async () => ({ action: 'CHANGE_DUE_DATE', dueDate: dto.dueDate, note: dto.reason }));
  }

  @Post('cancel')
  @HttpCode(200)
  @Access('Cancel the step, with a reason (a coordinator of the forum)', 'COORDINATOR')
  @PersonalData('PSP_COORDINATION', 'UPDATE', 'Step')
  @ApiOkResponse({ type: StepDetailView })
  @ApiConflictResponse({ description: 'The step is closed' })
  @ApiServiceUnavailableResponse({ description: 'The workflow service is unavailable: nothing was changed' })
  cancel(@Audit() ctx: AuditContext, @UuidParam('id') id: string, @Body() dto: ReasonDto) {
    return this.act(ctx, id, 'CANCEL', async () => ({ action: 'CANCEL', note: dto.reason }));
  }
}

@ApiTags('steps')
@Controller('api/v1')
export class TasksController {
  constructor(private readonly steps: StepsService) {}

  @Get('me/tasks')
  @Access('The caller’s open steps, by due date, with only the minimum about the person', 'CASEWORKER', 'SUPERVISOR', 'COORDINATOR')
  @PersonalData('TASK_HANDLING', 'READ', 'Step')
  @ApiOkResponse({ type: TaskView, isArray: true })
  @ApiBadRequestResponse({ description: 'Unknown status' })
  tasks(@Audit() ctx: AuditContext, @Query() q: TasksQuery) {
    return this.steps.myTasks(ctx, q.status);
  }
}
