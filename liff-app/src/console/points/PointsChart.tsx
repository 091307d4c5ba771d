import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const COLORS = { issued: '#067A37', spent: '#175CD3', expired: '#AD6300', reversed: '#9B2C1F' } as const;

/** Points per brand-local month as grouped bars. Its own chunk: recharts loads only with the report. */
export default function PointsChart({ data, labels }: { data: { month: string; issued: number; spent: number; expired: number; reversed: number }[]; labels: Record<keyof typeof COLORS, string> }) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#eef0f3" />
        <XAxis dataKey="month" tickLine={false} tick={{ fontSize: 12, fill: '#5f6673' }} />
        <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#5f6673' }} />
        <Tooltip />
        <Legend />
        {(Object.keys(COLORS) as (keyof typeof COLORS)[]).map((k) => (
          <Bar key={k} dataKey={k} name={labels[k]} fill={COLORS[k]} radius={[3, 3, 0, 0]} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
