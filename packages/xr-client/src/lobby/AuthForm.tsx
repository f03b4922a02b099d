import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { client, rememberToken } from '../api/client.js';
import type { User } from '../app/types.js';
import { ErrorMessage } from './ErrorMessage.js';
import { lobbyErrorMessage } from './error-messages.js';

type Mode = 'sign-in' | 'register';

const MIN_PASSWORD = 8;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why the form cannot be sent yet, with the field to focus, or null when it can. */
function validate(mode: Mode, email: string, password: string, name: string) {
  if (mode === 'register' && name.trim() === '')
    return {
      field: 'name',
      message: 'Enter your name: the others see it next to your instrument.',
    };
  if (!EMAIL_RE.test(email.trim()))
    return { field: 'email', message: 'Enter your email address, like ada@example.org.' };
  if (password === '') return { field: 'password', message: 'Enter your password.' };
  if (mode === 'register' && password.length < MIN_PASSWORD)
    return {
      field: 'password',
      message: `Choose a password of at least ${MIN_PASSWORD} characters.`,
    };
  return null;
}

/** Sign in or create an account; keeps the token for the next visit. */
export function AuthForm(props: { onSignedIn(user: User): void; notice?: string }) {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const ids = useId();
  const fields = {
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
  };
  const tabs = {
    'sign-in': useRef<HTMLButtonElement>(null),
    register: useRef<HTMLButtonElement>(null),
  };
  const errorId = `${ids}-error`;

  const choose = (next: Mode) => {
    setMode(next);
    setError(null);
  };

  // Tabs pattern: arrows move between the two tabs, Home/End jump to the ends.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const keys: Record<string, Mode | undefined> = {
      ArrowLeft: mode === 'sign-in' ? 'register' : 'sign-in',
      ArrowRight: mode === 'sign-in' ? 'register' : 'sign-in',
      Home: 'sign-in',
      End: 'register',
    };
    const next = keys[event.key];
    if (!next) return;
    event.preventDefault();
    choose(next);
    tabs[next].current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const invalid = validate(mode, email, password, name);
    if (invalid) {
      setError(invalid);
      fields[invalid.field as keyof typeof fields].current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result =
        mode === 'register'
          ? await client.register({ email: email.trim(), password, name: name.trim() })
          : await client.login({ email: email.trim(), password });
      rememberToken(result.token);
      props.onSignedIn(result.user);
    } catch (err) {
      setPending(false);
      setError({ message: lobbyErrorMessage(err, { action: mode }) });
    }
  };

  const describe = (field: string) => (error?.field === field ? errorId : undefined);
  const tab = (value: Mode, label: string, testId: string) => (
    <button
      ref={tabs[value]}
      type="button"
      role="tab"
      id={`${ids}-tab-${value}`}
      aria-selected={mode === value}
      aria-controls={`${ids}-panel`}
      tabIndex={mode === value ? 0 : -1}
      className="tab"
      data-testid={testId}
      onClick={() => choose(value)}
      onKeyDown={onTabKey}
    >
      {label}
    </button>
  );

  return (
    <section className="card auth" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{mode === 'register' ? 'Create your account' : 'Sign in'}</h2>
      {props.notice ? (
        <p className="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <div role="tablist" aria-label="Sign in or register" className="tabs">
        {tab('sign-in', 'Sign in', 'auth-mode-signin')}
        {tab('register', 'Register', 'auth-mode-register')}
      </div>
      <form
        id={`${ids}-panel`}
        role="tabpanel"
        aria-labelledby={`${ids}-tab-${mode}`}
        className="form"
        noValidate
        onSubmit={submit}
      >
        {mode === 'register' ? (
          <label className="field">
            <span>Name</span>
            <input
              ref={fields.name}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="name"
              maxLength={80}
              required
              aria-invalid={error?.field === 'name'}
              aria-describedby={describe('name')}
              data-testid="auth-name"
            />
          </label>
        ) : null}
        <label className="field">
          <span>Email</span>
          <input
            ref={fields.email}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
            maxLength={254}
            required
            aria-invalid={error?.field === 'email'}
            aria-describedby={describe('email')}
            data-testid="auth-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            ref={fields.password}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
            maxLength={128}
            required
            aria-invalid={error?.field === 'password'}
            aria-describedby={
              [describe('password'), mode === 'register' ? `${ids}-pw-hint` : undefined]
                .filter(Boolean)
                .join(' ') || undefined
            }
            data-testid="auth-password"
          />
          {mode === 'register' ? (
            <small id={`${ids}-pw-hint`} className="hint">
              At least {MIN_PASSWORD} characters.
            </small>
          ) : null}
        </label>
        <ErrorMessage message={error?.message} id={errorId} testId="auth-error" />
        <button type="submit" className="primary" aria-disabled={pending} data-testid="auth-submit">
          {pending
            ? mode === 'register'
              ? 'Creating account…'
              : 'Signing in…'
            : mode === 'register'
              ? 'Create account'
              : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
