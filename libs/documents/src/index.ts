export * from './meeting-invite';
export * from './meeting-pdf';
export { danishDate, danishDateTime, danishTime, danishLocalDate } from './danish-format';
export { danishLabel } from './labels';
