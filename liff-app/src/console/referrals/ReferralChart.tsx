import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TReferralReport } from '../../../../shared/api/referrals.ts';
import { shortDay } from '../../lib/dates.ts';

export const REFERRAL_COLORS = { invites: '#98A2B3', registrations: '#067A37', rewardsGranted: '#175CD3', rewardsReversed: '#B42318' } as const;

/** Invites and registrations per brand-local day as bars, rewards given and taken back as lines. Its own chunk: recharts loads only with the report. */
export default function ReferralChart({ data, labels }: { data: TReferralReport['series']; labels: Record<keyof typeof REFERRAL_COLORS, string> }) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }} barCategoryGap="22%" barGap={2} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="#eef0f3" />
        <XAxis dataKey="day" tickFormatter={shortDay} tickLine={false} axisLine={{ stroke: '#e5e7eb' }} tick={{ fontSize: 12, fill: '#5f6673' }} interval="preserveStartEnd" minTickGap={8} />
        <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#5f6673' }} width={48} />
        <Tooltip
          cursor={{ fill: 'rgb(6 199 85 / 6%)' }}
          labelFormatter={(day) => shortDay(String(day))}
          contentStyle={{ borderRadius: 10, border: '1px solid #e5e7eb', boxShadow: '0 8px 24px rgb(16 24 40 / 10%)', fontSize: 13 }}
        />
        <Legend iconType="circle" wrapperStyle={{ fontSize: 13 }} />
        <Bar dataKey="invites" name={labels.invites} fill={REFERRAL_COLORS.invites} radius={[4, 4, 0, 0]} />
        <Bar dataKey="registrations" name={labels.registrations} fill={REFERRAL_COLORS.registrations} radius={[4, 4, 0, 0]} />
        <Line dataKey="rewardsGranted" name={labels.rewardsGranted} stroke={REFERRAL_COLORS.rewardsGranted} strokeWidth={2} dot={false} type="monotone" />
        <Line dataKey="rewardsReversed" name={labels.rewardsReversed} stroke={REFERRAL_COLORS.rewardsReversed} strokeWidth={2} dot={false} type="monotone" />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
