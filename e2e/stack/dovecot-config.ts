// Renders the configuration of the stack's private Dovecot 2.3 instance: IMAP over implicit TLS
// on 127.0.0.1 only, OAuth 2.0 bearer tokens checked by RFC 7662 introspection, Maildir++ mail
// and an LMTP socket for delivery. Every path lives under the stack's folder.
import path from 'node:path';
import type { StackUser } from './types';

export interface DovecotLayout {
  /** Holds dovecot.conf, the oauth2 passdb file, the user list, TLS files and the log. */
  confDir: string;
  /** Dovecot's base_dir: its sockets (lmtp among them) and pid file. */
  baseDir: string;
  stateDir: string;
  /** Mail homes: `${mailRoot}/<email>` with Maildir++ in `Maildir`. */
  mailRoot: string;
  configFile: string;
  oauth2File: string;
  usersFile: string;
  /** passwd-file of hashed app passwords (only users that have one). */
  appPasswordsFile: string;
  logFile: string;
  certFile: string;
  keyFile: string;
  caFile: string;
}

export function dovecotLayout(dir: string): DovecotLayout {
  const confDir = path.join(dir, 'dovecot');
  return {
    confDir,
    baseDir: path.join(confDir, 'run'),
    stateDir: path.join(confDir, 'state'),
    mailRoot: path.join(dir, 'mail'),
    configFile: path.join(confDir, 'dovecot.conf'),
    oauth2File: path.join(confDir, 'oauth2.conf.ext'),
    usersFile: path.join(confDir, 'users'),
    appPasswordsFile: path.join(confDir, 'app-passwords'),
    logFile: path.join(confDir, 'dovecot.log'),
    certFile: path.join(confDir, 'tls', 'dovecot.pem'),
    keyFile: path.join(confDir, 'tls', 'dovecot.key'),
    caFile: path.join(confDir, 'tls', 'ca.pem'),
  };
}

/** Special-use folders besides INBOX; Maildir++ stores each as `.<name>`. */
export const SPECIAL_USE_FOLDERS = [
  { name: 'Sent', flag: '\\Sent' },
  { name: 'Drafts', flag: '\\Drafts' },
  { name: 'Trash', flag: '\\Trash' },
  { name: 'Archive', flag: '\\Archive' },
  { name: 'Junk', flag: '\\Junk' },
] as const;

export interface DovecotConfigInput {
  layout: DovecotLayout;
  imapPort: number;
  /** Account the whole instance runs as (also the mail owner). */
  runAs: { user: string; group: string; uid: number; gid: number };
  introspection: { url: string; clientId: string; clientSecret: string };
  openidConfigurationUrl: string;
  /** The scope a token needs for IMAP. */
  imapScope: string;
  /** The mail layout and namespaces; default the stack's plain Maildir++ with special-use folders. */
  mailSection?: string;
  /** Name that tells two instances apart in `instance_name` (default 'stack'). */
  instanceLabel?: string;
}

function renderPlainMailSection(): string {
  const mailboxes = SPECIAL_USE_FOLDERS.map(
    (folder) => `  mailbox ${folder.name} {
    special_use = ${folder.flag}
    auto = subscribe
  }`,
  ).join('\n');
  return `mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
${mailboxes}
}`;
}

export function renderDovecotConfig(input: DovecotConfigInput): string {
  const { layout, imapPort, runAs } = input;
  return `# Generated for one run of the local test mail stack.
instance_name = harbor-${input.instanceLabel ?? 'stack'}-${imapPort}
base_dir = ${layout.baseDir}
state_dir = ${layout.stateDir}
protocols = imap lmtp
listen = 127.0.0.1
default_internal_user = ${runAs.user}
default_login_user = ${runAs.user}
default_internal_group = ${runAs.group}
first_valid_uid = ${runAs.uid}
last_valid_uid = ${runAs.uid}

log_path = ${layout.logFile}
auth_verbose = no
auth_debug = no
auth_debug_passwords = no
mail_debug = no
verbose_ssl = no

ssl = required
ssl_cert = <${layout.certFile}
ssl_key = <${layout.keyFile}
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2

# PLAIN and LOGIN exist only for app passwords (third passdb); ssl = required and
# disable_plaintext_auth keep them inside TLS.
auth_mechanisms = xoauth2 oauthbearer plain login
disable_plaintext_auth = yes
auth_failure_delay = 0
# The token decides who logs in; the user list decides whether that account exists here.
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${layout.oauth2File}
  result_success = continue-ok
  result_failure = return-fail
  result_internalfail = return-fail
}
passdb {
  driver = passwd-file
  args = username_format=%u ${layout.usersFile}
  skip = unauthenticated
  result_success = return-ok
  result_failure = return-fail
}
# App passwords: only for PLAIN and LOGIN, only users listed (hashed) in this file. Users
# without an app password (alice, bob) are unknown here, so a password login fails for them.
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=SHA512-CRYPT username_format=%u ${layout.appPasswordsFile}
  result_success = return-ok
  result_failure = return-fail
}
userdb {
  driver = passwd-file
  args = username_format=%u ${layout.usersFile}
}

mail_max_userip_connections = 50
${input.mailSection ?? renderPlainMailSection()}

service imap-login {
  chroot =
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapPort}
    ssl = yes
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
`;
}

/** The oauth2 passdb: every token is introspected; the login name must equal its email. */
export function renderOauth2Passdb(input: DovecotConfigInput): string {
  const { clientId, clientSecret } = input.introspection;
  const url = new URL(input.introspection.url);
  url.username = encodeURIComponent(clientId);
  url.password = encodeURIComponent(clientSecret);
  return `introspection_mode = post
introspection_url = ${url.href}
force_introspection = yes
username_attribute = email
active_attribute = active
active_value = true
scope = ${input.imapScope}
openid_configuration_url = ${input.openidConfigurationUrl}
tls_ca_cert_file = ${input.layout.caFile}
timeout_msecs = 10000
`;
}

/** passwd-file userdb: only the stack's users exist; uid, gid and home are fixed per user. */
export function renderUsersFile(input: DovecotConfigInput, users: StackUser[]): string {
  const { uid, gid } = input.runAs;
  return users
    .map((user) => `${user.email}::${uid}:${gid}::${path.join(input.layout.mailRoot, user.email)}::nopassword=y\n`)
    .join('');
}

/** The app-password passdb: one `email:{SCHEME}hash` line per user that has an app password. */
export function renderAppPasswordsFile(entries: Array<{ email: string; hash: string }>): string {
  return entries.map((entry) => `${entry.email}:${entry.hash}\n`).join('');
}
