import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Joined → each step → completed as bars (its own chunk: recharts loads only with the report). */
export default function FunnelChart({ rows, label }: { rows: { name: string; members: number }[]; label: string }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 44)}>
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 40, bottom: 0, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid horizontal={false} stroke="#eef0f3" />
        <XAxis type="number" allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#5f6673' }} />
        <YAxis type="category" dataKey="name" width={160} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#344054' }} />
        <Tooltip contentStyle={{ borderRadius: 10, border: '1px solid #e5e7eb', fontSize: 13 }} />
        <Bar dataKey="members" name={label} fill="#CE416E" radius={[0, 4, 4, 0]}>
          <LabelList dataKey="members" position="right" fill="#344054" fontSize={12} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
