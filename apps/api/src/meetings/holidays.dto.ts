import { ApiProperty } from '@nestjs/swagger';
import { CALENDAR_DATE_PATTERN } from '@psp/domain';
import { Matches } from 'class-validator';

const DATE = new RegExp(CALENDAR_DATE_PATTERN);

export class HolidaysQuery {
  @ApiProperty({ example: '2026-12-01', description: 'First day, YYYY-MM-DD (2020-2099)' })
  @Matches(DATE, { message: 'from must be a calendar date YYYY-MM-DD from 2020 to 2099' })
  from!: string;

  @ApiProperty({ example: '2027-03-31', description: 'Last day, YYYY-MM-DD (2020-2099); at most 400 days after from' })
  @Matches(DATE, { message: 'to must be a calendar date YYYY-MM-DD from 2020 to 2099' })
  to!: string;
}

export class ClosedDayView {
  @ApiProperty({ example: '2026-12-25' }) date!: string;
  @ApiProperty({ enum: ['WEEKEND', 'HOLIDAY'], description: 'WEEKEND: Saturday or Sunday; HOLIDAY: a Danish public holiday on a weekday, or a day public offices close (5 June, 24 and 31 December)' })
  kind!: 'WEEKEND' | 'HOLIDAY';
}
