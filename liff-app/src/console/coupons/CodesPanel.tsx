import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { codeSpace } from '../../../../shared/coupons/codes.ts';
import { errorMessage } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/ui.tsx';
import { bigNumber, importCodes, refreshCoupons, type ImportResult, type TCouponTemplateView } from './api.ts';
import { pickLanguage, useLanguage } from '../../i18n/index.ts';
import { Icon } from '../../components/Icon.tsx';

const MAX_BYTES = 10 * 1024 * 1024;

/** Codes of a template: the pattern they follow, or the partner's list (import and what is left). */
export function CodesPanel({ view, onExport, exporting }: { view: TCouponTemplateView; onExport: () => void; exporting: boolean }) {
  const { t } = useTranslation();
  const p = view.codePattern;
  return (
    <div className="stack">
      <div className="cpn-stats">
        <div className="panel cpn-stat">
          <span className="cpn-stat__label">{t('cpn.codes.issued')}</span>
          <span className="cpn-stat__value">{view.issuedCount.toLocaleString('en-US')}</span>
        </div>
        {view.codeMode === 'imported' ? (
          <div className="panel cpn-stat">
            <span className="cpn-stat__label">{t('cpn.codes.left')}</span>
            <span className="cpn-stat__value" data-testid="codes-left">
              {(view.importedCodesLeft ?? 0).toLocaleString('en-US')}
            </span>
            {view.importedCodesLeft === 0 ? <span className="cpn-stat__hint cpn-stat__hint--warn">{t('cpn.codes.noneLeft')}</span> : null}
          </div>
        ) : (
          <div className="panel cpn-stat">
            <span className="cpn-stat__label">{t('cpn.codes.rule')}</span>
            <span className="cpn-stat__value cpn-stat__value--code">
              {p.prefix}
              <span className="cpn-stat__random">{(p.charset === 'digits' ? '#' : '*').repeat(p.length)}</span>
              {p.suffix}
            </span>
            <span className="cpn-stat__hint">
              {t(p.charset === 'digits' ? 'cpn.codes.ruleDigits' : 'cpn.codes.ruleAlnum', { length: p.length })} · {t('cpn.codes.space', { space: bigNumber(codeSpace(p)) })}
            </span>
          </div>
        )}
        <div className="panel cpn-stat cpn-stat--action">
          <span className="cpn-stat__label">{t('cpn.codes.exportTitle')}</span>
          <span className="cpn-stat__hint">{t('cpn.codes.exportHint')}</span>
          <button type="button" className="btn btn--secondary btn--small" onClick={onExport} disabled={exporting}>
            <Icon name="download" size={16} />
            {exporting ? t('cpn.detail.exporting') : t('cpn.detail.export')}
          </button>
        </div>
      </div>
      {view.codeMode === 'imported' ? <ImportForm view={view} /> : <p className="cpn-note">{t('cpn.codes.patternNote')}</p>}
    </div>
  );
}

function ImportForm({ view }: { view: TCouponTemplateView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const fileRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').length;

  const upload = useMutation({
    mutationFn: () => importCodes(view.id, text),
    onMutate: () => setResult(null),
    onSuccess: (res) => {
      setResult(res);
      if (res.imported > 0) {
        setText('');
        setFileName(null);
        if (fileRef.current) fileRef.current.value = '';
        void refreshCoupons();
      }
    },
  });

  // The verdict appears below the list: bring it into view.
  useEffect(() => {
    if (result || upload.isError) resultRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [result, upload.isError]);

  const readFile = async (file: File | undefined) => {
    setFileError(null);
    setResult(null);
    upload.reset();
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(t('cpn.codes.fileTooBig'));
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  };

  return (
    <section className="panel cpn-section" aria-labelledby="cpn-import-title">
      <div className="cpn-section__head">
        <h2 id="cpn-import-title">{t('cpn.codes.importTitle')}</h2>
      </div>
      <div className="cpn-section__body">
        <p className="muted">{t('cpn.codes.importIntro')}</p>
        <form
          className="cpn-import"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) upload.mutate();
          }}
        >
          <div className="cpn-file">
            <label className="btn btn--secondary btn--small cpn-file__button">
              <Icon name="upload" size={16} />
              {t('cpn.codes.chooseFile')}
              <input ref={fileRef} type="file" className="visually-hidden" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void readFile(e.target.files?.[0])} />
            </label>
            <span className="muted">{fileName ? t('cpn.codes.fileLoaded', { name: fileName, count: lines }) : t('cpn.codes.orPaste')}</span>
          </div>
          {fileError ? <p className="field__error">{fileError}</p> : null}
          <Field label={t('cpn.codes.pasteLabel')} hint={t('cpn.codes.pasteHint', { count: lines })}>
            {(control) => (
              <textarea
                {...control}
                className="field__input cpn-textarea cpn-codes-text"
                rows={6}
                spellCheck={false}
                placeholder={'code\nPARTNER0001\nPARTNER0002'}
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  setResult(null);
                }}
              />
            )}
          </Field>
          <div className="cpn-import__actions">
            <button type="submit" className="btn btn--primary" disabled={!text.trim() || upload.isPending}>
              {upload.isPending ? t('cpn.codes.importing') : t('cpn.codes.import')}
            </button>
          </div>
        </form>
        <div ref={resultRef} className="cpn-import__result">
        {upload.isError ? <Notice kind="error">{errorMessage(upload.error)}</Notice> : null}
        {result && result.imported > 0 ? <Notice kind="success">{t('cpn.codes.imported', { count: result.imported })}</Notice> : null}
        {result && result.imported === 0 ? (
          <div className="stack stack--tight">
            <Notice kind="error">{t('cpn.codes.rejected', { count: result.problems.length })}</Notice>
            <div className="cpn-problems">
              <table className="table">
                <caption className="visually-hidden">{t('cpn.codes.problemsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('cpn.codes.line')}</th>
                    <th scope="col">{t('cpn.codes.code')}</th>
                    <th scope="col">{t('cpn.codes.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.problems.map((p) => (
                    <tr key={`${p.line}-${p.code}`}>
                      <td className="nowrap">{t('cpn.codes.lineN', { line: p.line })}</td>
                      <td>{p.code ? <code>{p.code}</code> : <span className="muted">{t('cpn.codes.blank')}</span>}</td>
                      <td>{pickLanguage(p.problem, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ) : null}
        </div>
      </div>
    </section>
  );
}
