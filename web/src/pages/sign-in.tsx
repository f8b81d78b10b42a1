import { useState, type FormEvent } from 'react';
import { api, session } from '../api/client';
import { TextField } from '../components/fields';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signIn(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    session.set(key.trim());
    // Any authenticated read tells us whether the key is good.
    const { response } = await api.GET('/v1/settings').catch(() => ({ response: undefined }));
    setBusy(false);
    if (response?.ok) return onSignedIn();
    session.clear();
    setError(
      response?.status === 401 ? 'This API key is not valid.' : 'The API did not answer; is it running?',
    );
  }

  return (
    <main className="sign-in">
      <h1>Customer notifications</h1>
      <form onSubmit={signIn} aria-label="Sign in">
        <TextField
          label="API key"
          type="password"
          value={key}
          onChange={setKey}
          required
          error={error}
          hint="npm start prints the dev company key. It is kept in this browser tab only."
        />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
