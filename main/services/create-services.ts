import { AppError } from '../../shared/errors';
import type { Emitter, ServiceImpl } from '../../shared/ipc/serve';
import {
  describeUnsent,
  type AccountSummary,
  type ParsedServerProbeInput,
  type UnsentChoice,
} from '../../shared/models';
import { createAccountRepository, type Account } from '../accounts/account-repository';
import { createActivityLog } from '../activity/activity-log';
import { clientSecretOf, providerCatalog, serverQuirksOf, type Provider } from '../auth/provider-catalog';
import { providerPresets } from '../auth/provider-presets';
import { createTrustedFetch } from '../auth/trusted-fetch';
import { discoverFromAddress } from '../discovery/discover';
import { createMxResolver } from '../discovery/mx-resolver';
import { passwordHostOf, serverHostOf } from '../../shared/server-provider';
import { serverSignInTarget } from '../auth/server-sign-in';
import { createPasswordAccounts, verifyImapPassword } from '../auth/password-sign-in';
import { signInAgainTarget } from '../auth/sign-in-again';
import { createSignInService } from '../auth/sign-in-service';
import { removeAccount, signOut } from '../auth/sign-out';
import { createTokenClient } from '../auth/token-client';
import { createTokenManager } from '../auth/token-manager';
import type { AppConfig } from '../config/app-config';
import type { ExternalOpener } from '../links/external-opener';
import type { CredentialHandlers, EngineNotices } from '../mail/engine/engine-api';
import { engineCredentials } from '../mail/engine/engine-credentials';
import type { MailEngine } from '../mail/engine/mail-engine-client';
import type { SecretStore } from '../secrets/secret-store';
import { probeImapServer } from '../servers/imap-probe';
import { createRunningChecks } from '../servers/running-checks';
import { createCertificateExceptions } from '../tls/certificate-exceptions';
import { storeBackedTrust } from '../tls/trusted-certificates';
import type { Db } from '../store/database';
import { createComposeServices } from './compose-services';
import { createIdentityServices } from './identity-services';
import { createIdentityRepository } from '../identity/identity-repository';
import { createMailServices, engineAccounts } from './mail-services';
import { createMailReader } from '../mail/store/mail-reader';
import { createSettingsStore } from '../settings/settings-store';
import { createUnsentMail } from '../mail/compose/unsent-mail';
import { readonlyDb } from '../store/readonly-db';
import { traced } from '../logging/trace';
import type { SaveFile } from '../files/save-file';

export interface MainContext {
  config: AppConfig;
  host: 'electron' | 'browser';
  version: string;
  emitter: Emitter;
  opener: ExternalOpener;
  db: Db;
  secrets: { store: SecretStore; warning: string | null };
  bringToFront: () => void;
  signInTimeoutMs?: number;
  /** The deadline of a server check or an app-password check (default 30 s). */
  serverCheckTimeoutMs?: number;
  /** Starts the mail engine (sync, actions) with the credentials only this side holds. */
  startMailEngine: (
    credentials: CredentialHandlers,
    onNotice: <N extends keyof EngineNotices>(name: N, payload: EngineNotices[N]) => void,
  ) => MailEngine;
  /** The host's save dialog; false when the user cancelled. */
  saveFile: SaveFile;
  /** Lines about failures nobody waits for: what failed and its kind, never its text. */
  log: (line: string) => void;
}

const engineEvents = {
  status: 'mail.syncStatus',
  changed: 'mail.changed',
  newMail: 'mail.newMail',
  outboxChanged: 'outbox.changed',
  engineState: 'mail.engineState',
} as const;

const probeIdleTimeoutMs = 15_000;

/** The main side's implementation of the contract; each host serves exactly this object. */
export function createServices(context: MainContext): ServiceImpl {
  const { config, emitter } = context;
  // The user's certificate exceptions apply here as in the engine: both read the same table.
  const trust = storeBackedTrust(context.db, config.extraCa);
  const certificateExceptions = createCertificateExceptions(context.db, trust);
  const providers = providerCatalog(config);
  const providerOf = (providerId: string): Provider | undefined => providers.find((p) => p.id === providerId);
  const accounts = createAccountRepository(context.db);
  const unsentMail = createUnsentMail(readonlyDb(context.db));
  // One reader for every mail method: its statements are prepared once.
  const reader = createMailReader(context.db);
  // The config file's undo delay is the default until the person picks one in Settings.
  const settings = createSettingsStore(context.db, { undoSendSeconds: config.undoSendSeconds });
  const identities = createIdentityRepository(context.db);
  const activity = createActivityLog(context.db);
  // Only which account: the renderer reloads that account's list itself.
  activity.onRecord(({ accountId }) => emitter.emit('activity.recorded', { accountId }));
  const tokenClient = createTokenClient(trust);
  const discovery = {
    resolver: createMxResolver({ servers: config.discovery.dnsServers }),
    autoconfigBase: config.discovery.autoconfigBaseUrl,
    fetch: createTrustedFetch(trust),
    providers: providerPresets.filter((preset) => providerOf(preset.id) !== undefined),
  };
  const accountOf = (accountId: string): Account => {
    const account = accounts.get(accountId);
    if (!account) throw new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');
    return account;
  };
  const clientConfig = (accountId: string) => {
    const { issuer, clientId, scopes, providerId } = accountOf(accountId);
    const provider = providerOf(providerId);
    return {
      issuer,
      clientId,
      scopes,
      ...serverQuirksOf(provider, issuer),
      ...clientSecretOf(provider, issuer, clientId),
    };
  };
  const tokens = createTokenManager({
    secrets: context.secrets.store,
    accounts,
    activity,
    refresh: tokenClient.refresh,
    clientConfig,
  });
  // The person's Cancel reaches both kinds of check; each ends by its deadline anyway.
  const checks = createRunningChecks();
  const checkLimits = (cancel: AbortSignal) => ({ cancel, timeoutMs: context.serverCheckTimeoutMs });
  const passwords = createPasswordAccounts({
    secrets: context.secrets.store,
    accounts,
    activity,
    verifyLogin: (login) => checks.run((cancel) => verifyImapPassword(login, trust, checkLimits(cancel))),
    onStatusChange: () => accountsChanged(),
  });
  const engine = context.startMailEngine(engineCredentials(tokens, passwords), (name, payload) => {
    if (name === 'sentCopyPending') {
      const { accountId, reason } = payload as EngineNotices['sentCopyPending'];
      activity.record(
        accountId,
        'sent-copy-pending',
        `A sent message could not be saved in the Sent folder yet (${reason}); Harbor Mail keeps trying until it is there.`,
      );
    } else if (name === 'sent') {
      const { accountId, recipients } = payload as EngineNotices['sent'];
      activity.record(
        accountId,
        'send',
        `Sent a message to ${recipients} ${recipients === 1 ? 'recipient' : 'recipients'}.`,
      );
    } else {
      emitter.emit(engineEvents[name as keyof typeof engineEvents], payload as never);
    }
  });
  // The engine follows the accounts that can sign in: a new one starts syncing, one that needs to
  // sign in again or is gone stops (before its rows are deleted).
  const syncAccounts = () =>
    traced(engine.setAccounts(engineAccounts(accounts.list())), 'handing the accounts to the mail engine', context.log);
  void syncAccounts();
  const accountsChanged = () => {
    void syncAccounts();
    emitter.emit('accounts.changed', {});
  };
  tokens.onStateChange(accountsChanged);
  const signIns = createSignInService({
    providers,
    trust,
    openBrowser: (url) => context.opener.open(url),
    bringToFront: context.bringToFront,
    accounts,
    tokens,
    onProgress: (progress) => emitter.emit('auth.signInProgress', progress),
    timeoutMs: context.signInTimeoutMs,
  });
  const probe = (input: ParsedServerProbeInput) =>
    checks.run((cancel) =>
      probeImapServer(input, {
        extraCa: trust.extraCa,
        pinned: trust.pinned,
        idleTimeoutMs: probeIdleTimeoutMs,
        onStep: (step) => emitter.emit('servers.probeStep', { host: input.host, port: input.port, step }),
        ...checkLimits(cancel),
      }),
    );
  const serverSignIn = { secrets: context.secrets.store, probe };

  const summary = (account: Account): AccountSummary => ({
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    providerId: account.providerId,
    providerLabel:
      providerOf(account.providerId)?.label ??
      serverHostOf(account.providerId) ??
      passwordHostOf(account.providerId) ??
      account.providerId,
    status: account.status,
    statusReason: account.statusReason,
    scopes: account.scopes,
    accessExpiresAt: account.accessExpiresAt,
    lastRefreshAt: account.lastRefreshAt,
    authKind: account.authKind,
  });

  /** Stops the account's sync before its rows are deleted (the engine abandons a session that will not close). */
  const stopSyncing = (accountId: string) =>
    engine.setAccounts(engineAccounts(accounts.list().filter((account) => account.id !== accountId)));
  /** Sign-out or removal; whatever happens, the engine then follows the accounts as they are. */
  const leaving = async <T>(leave: () => Promise<T>): Promise<T> => {
    try {
      return await leave();
    } finally {
      accountsChanged();
    }
  };
  /**
   * Mail that exists only on this computer never goes with its account silently: without a choice
   * the request is refused with what there is; "export" saves it as a file first (a cancelled
   * save keeps everything); "discard" lets it go.
   */
  const keepUnsentMail = async (account: Account, choice: UnsentChoice | undefined) => {
    const count = unsentMail.count(account.id);
    if (count.outbox + count.drafts === 0 || choice === 'discard') return;
    if (choice === undefined) {
      throw new AppError(
        'UNSENT_MAIL',
        `${account.email} has ${describeUnsent(count)}. Save them to a file or discard them first.`,
      );
    }
    const mbox = await unsentMail.exportMbox(account.id, account);
    if (!(await context.saveFile(`Unsent mail of ${account.email}.mbox`, mbox))) {
      throw new AppError('UNSENT_MAIL', 'The unsent mail was not saved, so nothing was removed.');
    }
  };

  return {
    ...createMailServices({
      db: context.db,
      reader,
      engine,
      saveFile: context.saveFile,
      remoteImages: config.remoteImages,
      settings,
      log: context.log,
    }),
    ...createComposeServices({
      db: context.db,
      reader,
      accounts,
      engine,
      emitter,
      identities,
      settings,
    }),
    ...createIdentityServices({ identities, accounts, emitter }),
    'settings.get': async () => settings.read(),
    'settings.set': async (changes) => settings.update(changes),
    'app.info': async () => ({ name: 'Harbor Mail', version: context.version, host: context.host }),
    'providers.list': async () =>
      providers.map((provider) => ({
        id: provider.id,
        label: provider.label,
        configured: provider.oauth !== null,
        imap: provider.imap,
      })),
    'servers.probe': probe,
    'servers.cancelCheck': async () => ({ cancelled: checks.cancel() }),
    'servers.inspectCertificate': ({ protocol, ...endpoint }) => certificateExceptions.inspect({ endpoint, protocol }),
    'servers.trustCertificate': async ({ protocol, fingerprint256, ...endpoint }) => {
      await certificateExceptions.trust({ endpoint, protocol }, fingerprint256);
      return {};
    },
    'links.open': async ({ url }) => {
      await context.opener.open(url);
      return { opened: true };
    },
    'secrets.status': async () => ({ storage: context.secrets.store.kind, warning: context.secrets.warning }),
    'accounts.list': async () => accounts.list().map(summary),
    'setup.discover': ({ email }) => discoverFromAddress(email, discovery),
    'auth.signIn': async ({ providerId, loginHint }) => {
      const accountId = await signIns.signIn(providerId, loginHint);
      accountsChanged();
      return { accountId };
    },
    'auth.signInAgain': async ({ accountId }) => {
      const target = signInAgainTarget(accountOf(accountId), { providers, server: serverSignIn });
      const signedIn = await signIns.signInTo(target);
      accountsChanged();
      return { accountId: signedIn };
    },
    'auth.signInWithPassword': async (input) => {
      const accountId = await passwords.signIn(input);
      accountsChanged();
      return { accountId };
    },
    'auth.signInToServer': async (input) => {
      const accountId = await signIns.signInTo(serverSignInTarget(input, serverSignIn));
      accountsChanged();
      return { accountId };
    },
    'auth.cancelSignIn': async () => ({ cancelled: signIns.cancel() }),
    'auth.openBrowserAgain': async () => ({ opened: await signIns.openBrowserAgain() }),
    'accounts.unsentMail': async ({ accountId }) => unsentMail.count(accountOf(accountId).id),
    'auth.signOut': async ({ accountId, unsent }) => {
      const account = accountOf(accountId);
      await keepUnsentMail(account, unsent);
      const result = await leaving(() =>
        signOut(accountId, {
          secrets: context.secrets.store,
          accounts,
          activity,
          revoke: tokenClient.revoke,
          clientConfig,
          manageAccessUrl: () => providerOf(account.providerId)?.manageAccessUrl ?? null,
          tokenManager: tokens,
          beforeDelete: stopSyncing,
        }),
      );
      return { outcome: result.outcome, manageAccessUrl: result.manageAccessUrl ?? null };
    },
    'auth.removeAccount': async ({ accountId, unsent }) => {
      const account = accountOf(accountId);
      await keepUnsentMail(account, unsent);
      return leaving(() =>
        removeAccount(accountId, {
          secrets: context.secrets.store,
          accounts,
          activity,
          manageAccessUrl: () => providerOf(account.providerId)?.manageAccessUrl ?? null,
          tokenManager: tokens,
          beforeDelete: stopSyncing,
        }),
      );
    },
    'activity.list': async ({ accountId }) =>
      activity.list(accountId, 100).map(({ at, kind, detail }) => ({ at, kind, detail })),
  };
}
