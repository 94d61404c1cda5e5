import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import type { Actor } from '@psp/domain';
import { agendaPdf, forumMeetingInvite, minutesPdf, type ExportMarking } from '@psp/documents';
import { FieldCipher, findAppUser, findAuthority, listAppUsers, listAuthorities, meetingRepository } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { API_CONFIG } from '../config.token';
import { caseListItems } from './case-list-view';
import { meetingFor } from './meeting-access';
import { minutesView } from './minutes-view';

/** What leaves the system about a meeting: its calendar invite, and the agenda and minutes as PDFs (each person in them logged). */
@Injectable()
export class MeetingExportsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async invite(actor: Actor, id: string): Promise<string> {
    const db = this.dataSource.manager;
    const m = await meetingFor(db, actor, id, 'VIEW');
    const members = await meetingRepository.members(db, id, false);
    // The worker's e-mailed invite is built by the same function: same UID, SEQUENCE and ORGANIZER.
    return forumMeetingInvite({
      meetingId: m.id,
      forumName: m.forum_name,
      startsAt: new Date(m.starts_at),
      durationMinutes: m.duration_minutes,
      location: m.location,
      sequence: m.invite_sequence,
      cancelled: m.status === 'CANCELLED',
      members: members.map((u) => ({ name: u.display_name, email: u.email })),
      webBaseUrl: this.config.webBaseUrl,
    });
  }

  agendaPdf(ctx: AuditContext, id: string): Promise<Buffer> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'PREPARE', audit);
      const items = await caseListItems(tx, this.cipher, id, audit);
      return agendaPdf({
        ...(await exportedBy(tx, ctx.actor)),
        forumName: m.forum_name,
        startsAt: new Date(m.starts_at),
        location: m.location,
        status: m.status,
        items: items.map((i) => ({
          position: i.position,
          title: itemTitle(i.name),
          reasons: i.reasons,
          status: i.status,
          leadAuthority: i.leadAuthority?.name ?? null,
          openSteps: i.openSteps,
          overdueSteps: i.overdueSteps,
          blockedSteps: i.blockedSteps,
        })),
      });
    });
  }

  minutesPdf(ctx: AuditContext, id: string): Promise<Buffer> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'DECIDE', audit);
      const view = await minutesView(tx, this.cipher, m, audit, []);
      const authorities = await listAuthorities(tx);
      const users = await listAppUsers(tx);
      const authorityName = (aid: string) => authorities.find((a) => a.id === aid)?.name ?? aid;
      return minutesPdf({
        ...(await exportedBy(tx, ctx.actor)),
        forumName: m.forum_name,
        startsAt: new Date(m.starts_at),
        approvedAt: m.approved_at ? new Date(m.approved_at) : null,
        attendance: view.attendance.map((a) => ({ authority: authorityName(a.authorityId), present: a.present, attendees: a.attendees ?? null })),
        items: view.items.map((i) => ({
          position: i.position,
          title: itemTitle(i.name),
          decision: i.decision ?? 'Ingen beslutning (videreføres)',
          note: [i.reason, i.note].filter(Boolean).join(' — ') || null,
          nextReviewDate: i.nextReviewDate,
          steps: i.steps.map((s) => ({
            description: s.description,
            ownerAuthority: authorityName(s.ownerAuthorityId),
            assignee: users.find((u) => u.id === s.assigneeUserId)?.displayName ?? s.assigneeUserId,
            dueDate: s.dueDate,
          })),
        })),
      });
    });
  }
}

/** Who exports the document, as its pages say: name and authority, and now. */
async function exportedBy(tx: EntityManager, actor: Actor): Promise<ExportMarking> {
  const user = await findAppUser(tx, actor.userId);
  const authority = await findAuthority(tx, actor.authorityId);
  return { exportedBy: `${user?.displayName ?? actor.username}, ${authority?.name ?? actor.authorityId}`, exportedAt: new Date() };
}

/** A person's title in the agenda and minutes PDFs; a name stored blank before names were trimmed still renders. */
function itemTitle(name: string | null): string {
  return name === null ? 'Anonymiseret' : name.trim() || 'Uden navn';
}
