import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { shortDay } from '../../lib/dates.ts';

export const SALES_COLORS = { revenue: '#06C755', refunds: '#F04438', units: '#175CD3' } as const;

export interface SalesDay {
  day: string;
  revenue: number;
  refunds: number;
  units: number;
}

/** NT$ revenue and refunds per brand-local day as bars, units sold as a line on its own axis. Its own chunk: recharts loads with the report. */
export default function SalesChart({ data, labels }: { data: SalesDay[]; labels: Record<keyof typeof SALES_COLORS, string> }) {
  const many = data.length > 16;
  return (
    <ResponsiveContainer width="100%" height={280}>
      <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: -4 }} barCategoryGap="22%" barGap={2} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#eef0f3" />
        <XAxis dataKey="day" tickFormatter={shortDay} tickLine={false} axisLine={{ stroke: '#e5e7eb' }} tick={{ fontSize: 12, fill: '#5f6673' }} interval={many ? 'preserveStartEnd' : 0} minTickGap={8} />
        <YAxis yAxisId="money" allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#5f6673' }} width={64} />
        <YAxis yAxisId="units" orientation="right" allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#175CD3' }} width={40} />
        <Tooltip
          cursor={{ fill: 'rgb(6 199 85 / 6%)' }}
          labelFormatter={(day) => shortDay(String(day))}
          formatter={(value) => (typeof value === 'number' ? value.toLocaleString() : String(value))}
          contentStyle={{ borderRadius: 10, border: '1px solid #e5e7eb', boxShadow: '0 8px 24px rgb(16 24 40 / 10%)', fontSize: 13 }}
        />
        <Legend iconType="circle" iconSize={9} itemSorter={null} wrapperStyle={{ fontSize: 13, paddingTop: 4 }} formatter={(value) => <span style={{ color: '#374151' }}>{value}</span>} />
        <Bar yAxisId="money" dataKey="revenue" name={labels.revenue} fill={SALES_COLORS.revenue} radius={[4, 4, 0, 0]} maxBarSize={28} animationDuration={400} />
        <Bar yAxisId="money" dataKey="refunds" name={labels.refunds} fill={SALES_COLORS.refunds} radius={[4, 4, 0, 0]} maxBarSize={28} animationDuration={400} />
        <Line yAxisId="units" type="monotone" dataKey="units" name={labels.units} stroke={SALES_COLORS.units} strokeWidth={2} dot={data.length <= 31 ? { r: 2.5 } : false} animationDuration={400} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
