import { useRef } from 'react';
import { copyText, type CopyOutcome } from './copy-text.js';

/** A labelled value people copy (the share link, the code) with its Copy button. */
export function CopyField(props: {
  label: string;
  value: string;
  /** The text put on the clipboard, when it differs from what is shown. */
  copyValue?: string;
  testId: string;
  large?: boolean;
  onCopied(label: string, outcome: CopyOutcome): void;
}) {
  const text = useRef<HTMLElement>(null);
  const copy = async () => {
    props.onCopied(props.label, await copyText(props.copyValue ?? props.value, text.current));
  };
  return (
    <div className="copy-field">
      <span className="copy-label">{props.label}</span>
      <code
        ref={text}
        className={props.large ? 'copy-value large' : 'copy-value'}
        data-testid={props.testId}
      >
        {props.value}
      </code>
      <button
        type="button"
        onClick={copy}
        aria-label={`Copy ${props.label.toLowerCase()}`}
        data-testid={`${props.testId}-copy`}
      >
        Copy
      </button>
    </div>
  );
}
