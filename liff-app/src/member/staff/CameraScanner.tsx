import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon.tsx';
import { cameraProblem, loadQrScanner, type CameraProblem } from './scan.ts';

/**
 * The camera viewfinder (qr-scanner), mounted only after the staff member taps "scan", so the
 * browser asks for the camera only then. Stops itself after the first code and on unmount.
 */
export function CameraScanner({ onCode, onClose, onProblem }: { onCode: (value: string) => void; onClose: () => void; onProblem: (problem: CameraProblem) => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [starting, setStarting] = useState(true);
  const done = useRef(false);
  const callbacks = useRef({ onCode, onProblem });
  callbacks.current = { onCode, onProblem };

  useEffect(() => {
    let scanner: { stop(): void; destroy(): void } | undefined;
    let cancelled = false;
    void (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no getUserMedia'), { name: 'NotSupportedError' });
        const QrScanner = await loadQrScanner();
        if (cancelled || !video.current) return;
        const instance = new QrScanner(
          video.current,
          (result) => {
            if (done.current || !result.data) return;
            done.current = true;
            instance.stop();
            navigator.vibrate?.(60);
            callbacks.current.onCode(result.data);
          },
          { returnDetailedScanResult: true, preferredCamera: 'environment', highlightScanRegion: true, highlightCodeOutline: true, maxScansPerSecond: 10 },
        );
        scanner = instance;
        await instance.start();
        if (!cancelled) setStarting(false);
      } catch (error) {
        if (!cancelled) callbacks.current.onProblem(cameraProblem(error));
      }
    })();
    return () => {
      cancelled = true;
      scanner?.stop();
      scanner?.destroy();
    };
  }, []);

  return (
    <div className="camera" aria-label={t('staff.cameraLabel')} role="group">
      <video ref={video} className="camera__video" muted playsInline />
      {starting ? (
        <p className="camera__status" role="status">
          {t('staff.cameraStarting')}
        </p>
      ) : (
        <p className="camera__hint">{t('staff.scanHint')}</p>
      )}
      <button type="button" className="camera__close round-btn" onClick={onClose} aria-label={t('staff.cameraStop')}>
        <Icon name="x" size={22} strokeWidth={2.4} />
      </button>
    </div>
  );
}
