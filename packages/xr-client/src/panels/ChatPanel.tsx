import { LIMITS } from '@scrubin/protocol';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { userColor } from '../scene/user-color.js';
import type { ChatLine } from '../session/session-state.js';

/** The session's text chat: the lines so far and a field to add one (Enter sends). */
export function ChatPanel(props: {
  lines: readonly ChatLine[];
  selfId: string;
  onSend: (text: string) => Promise<void>;
}) {
  const { lines, selfId, onSend } = props;
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const log = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || sending) return;
    setSending(true);
    setError(null);
    try {
      await onSend(trimmed);
      setText('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="panel chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading" className="panel__heading">
        Chat
      </h2>
      <ol className="chat__log" data-testid="chat-log" ref={log} role="log" aria-live="polite">
        {lines.length === 0 && <li className="chat__empty">No messages yet.</li>}
        {lines.map((line) => (
          <li key={line.seq} className="chat__line" data-seq={line.seq}>
            <span className="chat__name" style={{ color: userColor(line.userId) }}>
              {line.userId === selfId ? 'You' : line.name}
            </span>
            <span className="chat__text">{line.text}</span>
          </li>
        ))}
      </ol>
      <form className="chat__form" onSubmit={(e) => void submit(e)}>
        <label className="visually-hidden" htmlFor="chat-input">
          Message
        </label>
        <input
          id="chat-input"
          data-testid="chat-input"
          value={text}
          maxLength={LIMITS.chatMaxChars}
          autoComplete="off"
          placeholder="Message the team"
          onChange={(e) => setText(e.target.value)}
          aria-describedby={error ? 'chat-error' : undefined}
        />
        <button
          type="submit"
          className="button button--small"
          data-testid="chat-send"
          disabled={sending || text.trim() === ''}
        >
          Send
        </button>
      </form>
      {error && (
        <p id="chat-error" className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
