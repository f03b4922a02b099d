/** How a copy went: to the clipboard, or left selected for the user to copy by hand. */
export type CopyOutcome = 'copied' | 'selected';

/**
 * Copies `text` with the async clipboard API; where that is missing or refused (insecure
 * origin, permission), selects the text of `element` and tries the legacy copy command, so
 * that Ctrl+C works at worst.
 */
export async function copyText(text: string, element: HTMLElement | null): Promise<CopyOutcome> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch {
    // Refused: fall back to selecting the text.
  }
  if (!element) return 'selected';
  const selection = window.getSelection();
  selection?.selectAllChildren(element);
  try {
    return document.execCommand('copy') ? 'copied' : 'selected';
  } catch {
    return 'selected';
  }
}
