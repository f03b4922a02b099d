import { TOOLS, type Tool } from '@scrubin/protocol';
import { useEffect } from 'react';
import { TOOL_LABELS } from './labels.js';

/** Whether a key event belongs to a text field. */
function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement)
  );
}

/**
 * The instrument tray: pick a tool with a click or with keys 1–6. Observers see it disabled.
 */
export function ToolPalette(props: {
  selected: Tool | null;
  /** Tools the scenario calls for (highlighted; the others stay available). */
  recommended: readonly Tool[];
  disabled: boolean;
  disabledReason?: string;
  onSelect: (tool: Tool) => void;
}) {
  const { selected, recommended, disabled, disabledReason, onSelect } = props;

  useEffect(() => {
    if (disabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const index = Number(event.key) - 1;
      const tool = Number.isInteger(index) ? TOOLS[index] : undefined;
      if (tool) {
        event.preventDefault();
        onSelect(tool);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [disabled, onSelect]);

  return (
    <section className="panel tools" aria-labelledby="tools-heading">
      <h2 id="tools-heading" className="panel__heading">
        Instruments
      </h2>
      {disabled && disabledReason && <p className="tools__note">{disabledReason}</p>}
      <div className="tools__grid" role="group" aria-label="Instruments">
        {TOOLS.map((tool, k) => (
          <button
            key={tool}
            type="button"
            className={`tool${selected === tool ? ' tool--selected' : ''}${
              recommended.includes(tool) ? ' tool--recommended' : ''
            }`}
            data-testid={`tool-${tool}`}
            aria-pressed={selected === tool}
            aria-keyshortcuts={String(k + 1)}
            disabled={disabled}
            onClick={() => onSelect(tool)}
          >
            <span className="tool__key" aria-hidden>
              {k + 1}
            </span>
            {TOOL_LABELS[tool]}
          </button>
        ))}
      </div>
    </section>
  );
}
