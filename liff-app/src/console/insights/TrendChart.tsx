import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { shortDay } from '../../lib/dates.ts';

export interface TrendSeries {
  key: string;
  label: string;
  color: string;
}

/**
 * A small bar chart of daily counts (the dashboard's). Its own chunk: recharts loads only with
 * the overview. Nothing inside is focusable (no accessibility layer): the figure around it is
 * one image with a summary, and a table gives the numbers to screen readers.
 */
export default function TrendChart({ data, series }: { data: readonly Record<string, number | string>[]; series: readonly TrendSeries[] }) {
  return (
    <ResponsiveContainer width="100%" height={170}>
      <BarChart data={data as Record<string, number | string>[]} margin={{ top: 6, right: 4, bottom: 0, left: -20 }} barCategoryGap="18%" accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#eef0f3" />
        <XAxis dataKey="day" tickFormatter={(d: string) => shortDay(d)} tickLine={false} axisLine={{ stroke: '#e5e7eb' }} tick={{ fontSize: 11, fill: '#4b5563' }} interval="preserveStartEnd" minTickGap={16} />
        <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: '#4b5563' }} width={40} />
        <Tooltip cursor={{ fill: 'rgb(6 199 85 / 6%)' }} labelFormatter={(day) => shortDay(String(day))} contentStyle={{ borderRadius: 10, border: '1px solid #e5e7eb', fontSize: 12 }} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} formatter={(value) => <span style={{ color: '#374151' }}>{value}</span>} />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} maxBarSize={14} animationDuration={300} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
