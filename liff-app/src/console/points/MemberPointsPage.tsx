import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { ErrorState, Notice, Skeleton } from '../../components/ui.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { BackLink, DataTable } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { useAdjust, useMemberPoints } from './api.ts';

/** /console/members/:id/points — a member's points history, and a manual adjustment with its reason (audited). */
export function MemberPointsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const id = Number(useParams().id);
  const { data: config } = useConfig();
  const query = useMemberPoints(id);
  const adjust = useAdjust(id);
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const nf = new Intl.NumberFormat(lang);
  if (query.isError) return <ErrorState error={query.error} title={t('pts.member.loadFailed')} onRetry={() => void query.refetch()} />;
  const d = query.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    adjust.mutate({ delta: Number(delta), reason }, { onSuccess: () => (setDelta(''), setReason('')) });
  };
  return (
    <div className="stack">
      <BackLink to={`/console/members/${id}`} label={t('pts.member.back')} />
      {!d ? (
        <Skeleton height={240} />
      ) : (
        <>
          <PageHeader title={t('pts.member.title', { name: d.name ?? `#${id}` })} />
          <div className="pts-stats">
            <p className="pts-stat-value" data-testid="member-points-balance">{t('pts.member.balance', { balance: nf.format(d.summary.balance) })}</p>
            {d.summary.pending > 0 ? <p>{t('pts.member.pending', { pending: nf.format(d.summary.pending) })}</p> : null}
            {d.summary.nextExpiry ? <p>{t('pts.member.expiry', { count: d.summary.nextExpiry.points, date: d.summary.nextExpiry.date.replaceAll('-', '/') })}</p> : null}
          </div>
          <form className="card pts-form" onSubmit={submit} aria-labelledby="adjust-title">
            <h2 id="adjust-title" className="section-title">{t('pts.member.adjust')}</h2>
            <div className="pts-row">
              <label>
                {t('pts.member.delta')}
                <input type="number" required value={delta} onChange={(e) => setDelta(e.target.value)} />
              </label>
              <label style={{ flex: 1, minWidth: 240 }}>
                {t('pts.member.reason')}
                <input required minLength={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit" className="btn btn--primary" disabled={adjust.isPending || !delta || Number(delta) === 0}>
                {t('pts.member.submit')}
              </button>
            </div>
            {adjust.isError ? <Notice kind="error">{errorMessage(adjust.error)}</Notice> : null}
          </form>
          <h2 className="section-title">{t('pts.member.history')}</h2>
          {d.history.length === 0 ? (
            <p>{t('pts.member.empty')}</p>
          ) : (
            <DataTable className="table" caption={t('pts.member.history')} columns={[t('pts.member.when'), t('pts.member.type'), t('pts.member.change'), t('pts.member.why')]} pending={false} testId="member-points-history">
              {d.history.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at, config?.timezone ?? 'Asia/Taipei', lang)}</td>
                  <td>{t(`pts.member.types.${e.type}`)}</td>
                  <td className={e.delta < 0 ? 'pts-minus' : ''}>{e.delta > 0 ? `+${nf.format(e.delta)}` : nf.format(e.delta)}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </div>
  );
}
