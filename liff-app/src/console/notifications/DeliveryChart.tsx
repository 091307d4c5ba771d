import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SERIES, type DayCount } from './api.ts';
import { shortDay } from '../../lib/dates.ts';

/** Stacked bars per brand-local day. Its own chunk: recharts loads only with the delivery log. */
export default function DeliveryChart({ data, labels }: { data: DayCount[]; labels: Record<(typeof SERIES)[number]['key'], string> }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} barCategoryGap="24%" accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#eef0f3" />
        <XAxis dataKey="day" tickFormatter={shortDay} tickLine={false} axisLine={{ stroke: '#e5e7eb' }} tick={{ fontSize: 12, fill: '#5f6673' }} interval={0} />
        <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#5f6673' }} width={44} />
        <Tooltip
          // Top of the stack first, as the bars read.
          itemSorter={(item) => -SERIES.findIndex((series) => series.key === item.dataKey)}
          cursor={{ fill: 'rgb(6 199 85 / 6%)' }}
          labelFormatter={(day) => shortDay(String(day))}
          contentStyle={{ borderRadius: 10, border: '1px solid #e5e7eb', boxShadow: '0 8px 24px rgb(16 24 40 / 10%)', fontSize: 13 }}
        />
        <Legend iconType="circle" iconSize={9} itemSorter={null} wrapperStyle={{ fontSize: 13, paddingTop: 4 }} formatter={(value) => <span style={{ color: '#374151' }}>{value}</span>} />
        {SERIES.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={labels[s.key]} stackId="day" fill={s.color} maxBarSize={36} animationDuration={400} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
