import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SALES_COLORS } from './SalesChart.tsx';

export interface ProductSales {
  name: string;
  revenue: number;
  refunds: number;
}

/** Revenue and refunds per product, longest bar first. */
export default function ProductSalesChart({ data, labels }: { data: ProductSales[]; labels: { revenue: string; refunds: string } }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, data.length * 44 + 60)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }} barGap={2} accessibilityLayer={false}>
        <CartesianGrid horizontal={false} stroke="#eef0f3" />
        <XAxis type="number" allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#5f6673' }} />
        <YAxis type="category" dataKey="name" tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#374151' }} width={140} />
        <Tooltip formatter={(value) => (typeof value === 'number' ? value.toLocaleString() : String(value))} contentStyle={{ borderRadius: 10, border: '1px solid #e5e7eb', fontSize: 13 }} />
        <Legend iconType="circle" iconSize={9} wrapperStyle={{ fontSize: 13 }} formatter={(value) => <span style={{ color: '#374151' }}>{value}</span>} />
        <Bar dataKey="revenue" name={labels.revenue} fill={SALES_COLORS.revenue} radius={[0, 4, 4, 0]} maxBarSize={18} animationDuration={400} />
        <Bar dataKey="refunds" name={labels.refunds} fill={SALES_COLORS.refunds} radius={[0, 4, 4, 0]} maxBarSize={18} animationDuration={400} />
      </BarChart>
    </ResponsiveContainer>
  );
}
