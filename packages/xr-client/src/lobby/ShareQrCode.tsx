import { useEffect, useState } from 'react';

const QR_SIZE_PX = 200;

/** A QR code of the share link, made on demand (the qrcode module loads with the dialog). */
export function ShareQrCode(props: { link: string }) {
  const [state, setState] = useState<{ link: string; src?: string; failed?: boolean }>({
    link: props.link,
  });

  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((qrcode) =>
        qrcode.toDataURL(props.link, {
          width: QR_SIZE_PX,
          margin: 2,
          errorCorrectionLevel: 'M',
          color: { dark: '#000000', light: '#ffffff' },
        }),
      )
      .then(
        (src) => live && setState({ link: props.link, src }),
        () => live && setState({ link: props.link, failed: true }),
      );
    return () => {
      live = false;
    };
  }, [props.link]);

  if (state.link === props.link && state.src) {
    return (
      <img
        className="qr"
        src={state.src}
        width={QR_SIZE_PX}
        height={QR_SIZE_PX}
        alt="QR code of the share link: scan it with a headset or phone camera to open the session"
        data-testid="share-qr"
      />
    );
  }
  return (
    <div className="qr qr-placeholder" aria-hidden={!state.failed}>
      {state.failed
        ? 'The QR code could not be made; use the link or the code.'
        : 'Making the QR code…'}
    </div>
  );
}
