export function WaitingForBrowser({
  providerLabel,
  finishing,
  onCancel,
  onOpenAgain,
}: {
  providerLabel: string;
  finishing: boolean;
  onCancel: () => void;
  onOpenAgain: () => void;
}) {
  return (
    <section className="waiting" role="status" aria-label="Sign-in">
      <h2>{finishing ? 'Finishing sign-in…' : 'Continue in your browser'}</h2>
      <p>
        {finishing
          ? `${providerLabel} confirmed your sign-in. Harbor Mail is setting up your account.`
          : `Your browser opened ${providerLabel}'s sign-in page. Sign in there and allow access; Harbor Mail will continue by itself.`}
      </p>
      {!finishing && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onOpenAgain}>
            Open the browser again
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
