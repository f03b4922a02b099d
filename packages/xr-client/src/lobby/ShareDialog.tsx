import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { CopyField } from './CopyField.js';
import { ShareQrCode } from './ShareQrCode.js';
import type { CopyOutcome } from './copy-text.js';
import { displayCode } from './session-labels.js';

const ANNOUNCE_DELAY_MS = 50;
const FOCUSABLE =
  'button:not([disabled]), a[href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** What the share dialog shows of a session. */
export interface ShareTarget {
  sessionId: string;
  title: string;
  shareableCode: string;
  shareableLink: string;
  inviteOnly: boolean;
}

/**
 * A modal dialog (native `<dialog>`: the rest of the page is inert, Esc closes) with the link
 * and code to share, a QR code of the link, and the way into the operating room. Focus returns
 * to what opened it.
 */
export function ShareDialog(props: { target: ShareTarget; onEnter(): void; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const ids = useId();
  const { target } = props;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (opener.current === null && document.activeElement instanceof HTMLElement) {
      opener.current = document.activeElement;
    }
    if (!element.open) element.showModal();
  }, []);

  // Fired by Esc (the browser closes the dialog) and by the Close button.
  const onClosed = () => {
    const back = opener.current;
    props.onClose();
    if (back?.isConnected) back.focus();
  };

  // Tab wraps inside the dialog instead of leaving it for the browser's own controls.
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  // Cleared first so that copying the same thing twice is announced twice.
  const onCopied = (label: string, outcome: CopyOutcome) => {
    setAnnouncement('');
    window.setTimeout(() => {
      setAnnouncement(
        outcome === 'copied'
          ? `${label} copied`
          : `${label} selected: press Ctrl+C (or ⌘C) to copy it`,
      );
    }, ANNOUNCE_DELAY_MS);
  };

  return (
    <dialog
      ref={dialog}
      className="share-dialog"
      aria-labelledby={`${ids}-h`}
      aria-describedby={`${ids}-d`}
      onClose={onClosed}
      onKeyDown={onKeyDown}
      data-testid="share-dialog"
    >
      <h2 id={`${ids}-h`}>Share “{target.title}”</h2>
      <p id={`${ids}-d`}>
        Send the link, or read out the code: anyone signed in can join with either.
        {target.inviteOnly ? ' This session is invite-only: it is not in the public list.' : ''}
      </p>
      <div className="share-body">
        <div className="share-fields">
          <CopyField
            label="Link"
            value={target.shareableLink}
            testId="share-link"
            onCopied={onCopied}
          />
          <CopyField
            label="Code"
            value={displayCode(target.shareableCode)}
            testId="share-code"
            large
            onCopied={onCopied}
          />
          <p role="status" className="copy-status" data-testid="share-copy-status">
            {announcement}
          </p>
        </div>
        <ShareQrCode link={target.shareableLink} />
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onEnter} data-testid="share-enter">
          Enter the operating room
        </button>
        <button type="button" onClick={() => dialog.current?.close()} data-testid="share-close">
          Close
        </button>
      </div>
    </dialog>
  );
}
