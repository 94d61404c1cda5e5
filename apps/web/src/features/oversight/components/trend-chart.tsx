import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { TrendWeekView } from '../../../api/types';
import { danishDate } from '../../../components/format';
import { texts } from '../texts';

/** ISO week number of a Monday given as YYYY-MM-DD (Danish calendars count weeks this way). */
export function isoWeek(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** A round upper bound and tick step for the y axis. */
function scale(max: number): { top: number; step: number } {
  if (max <= 4) return { top: 4, step: 1 };
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

/** The width the chart has, so its text is drawn at the page's real size on any screen. */
function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(280, Math.floor(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

const OPEN_COLOUR = '#0059b3';
const OVERDUE_COLOUR = '#cc0000';

/** The legend's sample of a series: its line style and marker shape, so colour is not the only cue. */
function Swatch({ series }: { series: 'open' | 'overdue' }) {
  return (
    <svg width="40" height="16" viewBox="0 0 40 16" aria-hidden="true" focusable="false" className="chart-swatch">
      {series === 'open' ? (
        <>
          <line x1="2" y1="8" x2="38" y2="8" stroke={OPEN_COLOUR} strokeWidth="3" />
          <circle cx="20" cy="8" r="5" fill={OPEN_COLOUR} />
        </>
      ) : (
        <>
          <line x1="2" y1="8" x2="38" y2="8" stroke={OVERDUE_COLOUR} strokeWidth="3" strokeDasharray="6 4" />
          <rect x="15" y="3" width="10" height="10" fill={OVERDUE_COLOUR} />
        </>
      )}
    </svg>
  );
}

/**
 * Open steps and, of those, overdue ones per week, drawn as inline SVG: the open line solid with
 * round markers, the overdue line dashed with square markers. The figure's summary is its
 * accessible name, and the numbers are one click away as a table.
 */
export function TrendChart({ weeks }: { weeks: TrendWeekView[] }) {
  const id = useId();
  const [box, width] = useWidth<HTMLDivElement>();
  const [showTable, setShowTable] = useState(false);
  const t = texts.trend;
  const last = weeks[weeks.length - 1];
  if (!last) return <p>{t.empty}</p>;

  const height = 260;
  const margin = { top: 16, right: 16, bottom: 44, left: 44 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const { top, step } = scale(Math.max(...weeks.map((w) => Math.max(w.open, w.overdue))));
  const x = (i: number) => margin.left + (weeks.length === 1 ? plotW / 2 : (i * plotW) / (weeks.length - 1));
  const y = (v: number) => margin.top + plotH - (v / top) * plotH;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const labelEvery = Math.max(1, Math.ceil((weeks.length * 56) / plotW));
  const line = (key: 'open' | 'overdue') => weeks.map((w, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(w[key]).toFixed(1)}`).join(' ');

  return (
    <figure className="trend">
      <ul className="chart-legend nobullet-list" aria-label={t.legend}>
        <li>
          <Swatch series="open" />
          {t.open}
        </li>
        <li>
          <Swatch series="overdue" />
          {t.overdue}
        </li>
      </ul>
      <div ref={box} className="chart-box">
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-summary`} className="chart">
          {ticks.map((v) => (
            <g key={v}>
              <line x1={margin.left} x2={width - margin.right} y1={y(v)} y2={y(v)} className="chart-grid" />
              <text x={margin.left - 8} y={y(v)} className="chart-tick" textAnchor="end" dominantBaseline="middle">
                {v}
              </text>
            </g>
          ))}
          {weeks.map((w, i) =>
            i % labelEvery === (weeks.length - 1) % labelEvery ? (
              <text key={w.weekStart} x={x(i)} y={height - margin.bottom + 20} className="chart-tick" textAnchor="middle">
                {isoWeek(w.weekStart)}
              </text>
            ) : null,
          )}
          <text x={margin.left + plotW / 2} y={height - 6} className="chart-axis-title" textAnchor="middle">
            {t.week}
          </text>
          <path d={line('open')} fill="none" stroke={OPEN_COLOUR} strokeWidth="3" />
          <path d={line('overdue')} fill="none" stroke={OVERDUE_COLOUR} strokeWidth="3" strokeDasharray="6 4" />
          {weeks.map((w, i) => (
            <g key={w.weekStart}>
              <circle cx={x(i)} cy={y(w.open)} r="5" fill={OPEN_COLOUR} />
              <rect x={x(i) - 5} y={y(w.overdue) - 5} width="10" height="10" fill={OVERDUE_COLOUR} />
            </g>
          ))}
        </svg>
      </div>
      <figcaption id={`${id}-summary`} className="chart-summary">
        {t.summary(weeks.length, last.open, last.overdue)}
      </figcaption>
      <button type="button" className="button button-tertiary" aria-expanded={showTable} aria-controls={`${id}-table`} onClick={() => setShowTable((v) => !v)}>
        {showTable ? t.hideTable : t.showTable}
      </button>
      <div id={`${id}-table`} hidden={!showTable}>
        <table className="table table--compact trend-table">
          <caption>{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.week}</th>
              <th scope="col" className="numeric">
                {t.open}
              </th>
              <th scope="col" className="numeric">
                {t.overdue}
              </th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.weekStart}>
                <th scope="row">{t.weekOf(isoWeek(w.weekStart), danishDate(w.weekStart))}</th>
                <td className="numeric">{w.open}</td>
                <td className="numeric">{w.overdue}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
