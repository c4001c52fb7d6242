/** How an account leaves: a sign-out, or removal after a sign-out failed. */
export type Leave = 'signOut' | 'removeAnyway';

/** What signing out (or removing the account after a failed sign-out) does, said before it happens. */
export function LeaveConsequences({
  leave,
  isPassword,
  providerLabel,
}: {
  leave: Leave;
  isPassword: boolean;
  providerLabel: string;
}) {
  const access =
    leave === 'removeAnyway'
      ? `Harbor Mail's access at ${providerLabel} is not revoked: remove it in your ${providerLabel} account settings.`
      : isPassword
        ? `The app password is deleted from this computer's keychain; it keeps working until you delete it at ${providerLabel}.`
        : `Harbor Mail asks ${providerLabel} to revoke its access and deletes its sign-in from this computer's keychain.`;
  return (
    <>
      <p>{access}</p>
      <p>
        The account's downloaded mail, drafts and settings are removed from this computer. Mail on the server stays
        there, and you can sign in again later. If there is mail that was never sent, you are asked what to do with it
        first.
      </p>
    </>
  );
}
