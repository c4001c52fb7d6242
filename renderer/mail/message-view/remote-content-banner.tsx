/** Shown while a message has blocked remote images; loading goes through the main side. */
export function RemoteContentBanner({
  sender,
  loading,
  error,
  onLoadOnce,
  onAlwaysLoad,
}: {
  sender: string;
  loading: boolean;
  error: string | null;
  onLoadOnce: () => void;
  onAlwaysLoad: () => void;
}) {
  return (
    <section className="remote-content-banner" role="region" aria-label="Remote content">
      <p>{loading ? 'Loading remote images…' : 'Remote content is blocked'}</p>
      <button type="button" className="secondary" disabled={loading} onClick={onLoadOnce}>
        Load once
      </button>
      <button type="button" className="secondary" disabled={loading} onClick={onAlwaysLoad}>
        Always load from {sender}
      </button>
      {error !== null && <p role="alert">{error}</p>}
    </section>
  );
}
