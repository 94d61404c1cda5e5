import { addCalendarDays, isBusinessDay, nextBusinessDay } from '@psp/domain';
import { useForumStack } from './support/forum-stack';

/**
 * The coordinator's six-date preview (GET/PUT /api/v1/forums/{id}/schedule): each coming meeting
 * with the day the cadence gives and the day it is held, so the page can show a date moved off a
 * holiday or closing day as moved, and from which day — also when two planned days land on one —
 * and the forum's name, for the page's heading.
 */
describe('the schedule preview through HTTP', () => {
  let forumId: string;
  const { coordinator, today } = useForumStack({ name: 'schedule-preview', users: ['koordinator.pcb'], authorities: [] }, (s) => ({ forumId } = s));

  it('names the forum, and the planned and the held day of each of the next six meetings', async () => {
    const year = Number(today().slice(0, 4)) + 1;
    // 24 December is a day public offices close; 28 December may be a weekend day too: the expectations come from the calendar.
    const ordinary = [`${year}-03-10`, `${year}-09-15`].map((d) => (isBusinessDay(d) ? d : nextBusinessDay(d)));
    const dates = [ordinary[0]!, `${year}-12-24`, `${year}-12-28`, ordinary[1]!, addCalendarDays(`${year}-12-28`, 14)];
    const put = await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', dates, time: '10:00' } }).expect(200);
    const { body } = await coordinator.get(`/api/v1/forums/${forumId}/schedule`).expect(200);
    expect(put.body.occurrences).toEqual(body.occurrences);
    // The page names the forum whose schedule it shows.
    expect(body.forumName).toBe('PSP Nordsjælland – Psykiatrisk Center Ballerup');

    const expected = [...dates].sort().map((plannedDate) => ({ plannedDate, date: nextBusinessDay(plannedDate) }));
    expect(body.occurrences.map((o: { plannedDate: string; date: string }) => ({ plannedDate: o.plannedDate, date: o.date }))).toEqual(expected);
    expect(body.occurrences.find((o: { plannedDate: string }) => o.plannedDate === `${year}-12-24`).date).not.toBe(`${year}-12-24`);
    // The starts are the ones the preview has always listed, at 10:00 Copenhagen time on the held day.
    expect(body.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual(body.upcoming);
    for (const o of body.occurrences) expect(new Date(o.startsAt).toLocaleString('sv-SE', { timeZone: 'Europe/Copenhagen' })).toBe(`${o.date} 10:00:00`);
  });
});
