/**
 * An always-present alert region; the message inside it is announced when it appears or
 * changes. Render one per place an error can appear, with the message only where it belongs.
 */
export function ErrorMessage(props: { message?: string | null; id?: string; testId?: string }) {
  return (
    <div role="alert" className="error-slot">
      {props.message ? (
        <p className="error" id={props.id} data-testid={props.testId ?? 'lobby-error'}>
          {props.message}
        </p>
      ) : null}
    </div>
  );
}
