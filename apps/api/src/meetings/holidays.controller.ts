import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { addCalendarDays, calendarDaysBetween, isBusinessDay, RuleViolationError } from '@psp/domain';
import { NoPersonalData } from '../audit/personal-data.decorator';
import { ApiRuleViolation } from '../common/validation';
import { Access } from '../identity/access.decorator';
import { ClosedDayView, HolidaysQuery } from './holidays.dto';

/** The longest period one request may ask about: a due date or review date a year ahead, and some. */
const MAX_DAYS = 400;

@ApiTags('meetings')
@ApiBadRequestResponse({ description: 'Malformed input; the message names it' })
@Controller('api/v1/calendar')
export class HolidaysController {
  @Get('closed-days')
  @Access('The days of a period that are not business days (weekends, Danish public holidays, days public offices close), so a date input can say so', 'COORDINATOR', 'CASEWORKER', 'SUPERVISOR')
  @NoPersonalData('the Danish business-day calendar')
  @ApiOkResponse({ type: ClosedDayView, isArray: true })
  @ApiRuleViolation(`to must not be before from, and at most ${MAX_DAYS} days after it`)
  closedDays(@Query() q: HolidaysQuery): ClosedDayView[] {
    const days = calendarDaysBetween(q.from, q.to);
    if (days < 0 || days > MAX_DAYS) throw new RuleViolationError(`to must not be before from, and at most ${MAX_DAYS} days after it`);
    const closed: ClosedDayView[] = [];
    for (let i = 0; i <= days; i++) {
      const date = addCalendarDays(q.from, i);
      if (isBusinessDay(date)) continue;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      closed.push({ date, kind: weekday === 0 || weekday === 6 ? 'WEEKEND' : 'HOLIDAY' });
    }
    return closed;
  }
}
