import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { shortDay } from '../../lib/dates.ts';

export interface ReportDay {
  day: string;
  /** null for days still ahead. */
  claimed: number | null;
  redeemed: number | null;
  /** Stock left at the end of the day; absent when the campaign has no stock limit. */
  remaining?: number | null;
}

export const REPORT_COLORS = { claimed: '#06C755', redeemed: '#175CD3', remaining: '#F79009' } as const;

/**
 * Claims and redemptions per brand-local day as bars, remaining stock as a line on its own
 * axis. Its own chunk: recharts loads only with a report.
 */
export default function ReportChart({ data, labels, showRemaining }: { data: ReportDay[]; labels: Record<keyof typeof REPORT_COLORS, string>; showRemaining: boolean }) {
  const many = data.length > 16;
  return (
    <ResponsiveContainer width="100%" height={280}>
      <ComposedChart data={data} margin={{ top: 8, right: showRemaining ? 4 : 12, bottom: 0, left: -12 }} barCategoryGap="22%" barGap={2} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#eef0f3" />
        <XAxis
          dataKey="day"
          tickFormatter={shortDay}
          tickLine={false}
          axisLine={{ stroke: '#e5e7eb' }}
          tick={{ fontSize: 12, fill: '#5f6673' }}
          interval={many ? 'preserveStartEnd' : 0}
          minTickGap={8}
        />
        <YAxis yAxisId="count" allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#5f6673' }} width={48} />
        {showRemaining ? <YAxis yAxisId="stock" orientation="right" allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#b54708' }} width={52} /> : null}
        <Tooltip
          cursor={{ fill: 'rgb(6 199 85 / 6%)' }}
          labelFormatter={(day) => shortDay(String(day))}
          formatter={(value) => (typeof value === 'number' ? value.toLocaleString() : String(value))}
          contentStyle={{ borderRadius: 10, border: '1px solid #e5e7eb', boxShadow: '0 8px 24px rgb(16 24 40 / 10%)', fontSize: 13 }}
        />
        <Legend iconType="circle" iconSize={9} itemSorter={null} wrapperStyle={{ fontSize: 13, paddingTop: 4 }} formatter={(value) => <span style={{ color: '#374151' }}>{value}</span>} />
        <Bar yAxisId="count" dataKey="claimed" name={labels.claimed} fill={REPORT_COLORS.claimed} radius={[4, 4, 0, 0]} maxBarSize={28} animationDuration={400} />
        <Bar yAxisId="count" dataKey="redeemed" name={labels.redeemed} fill={REPORT_COLORS.redeemed} radius={[4, 4, 0, 0]} maxBarSize={28} animationDuration={400} />
        {showRemaining ? (
          <Line yAxisId="stock" type="stepAfter" dataKey="remaining" name={labels.remaining} stroke={REPORT_COLORS.remaining} strokeWidth={2} dot={data.length <= 31 ? { r: 2.5 } : false} animationDuration={400} />
        ) : null}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
