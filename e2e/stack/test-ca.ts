// A throwaway certificate authority for one stack run, made with the openssl CLI. Servers get
// certificates it signs; clients trust exactly its PEM file and nothing else.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ServerCertificate, TestCa } from './types';

const run = promisify(execFile);

const CA_VALIDITY_DAYS = '7';
const SERVER_VALIDITY_DAYS = '3';
const EC_KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const SAFE_NAME = /^[a-z0-9][a-z0-9-]*$/i;
const SAN_ENTRY = /^(IP|DNS):[^,\s]+$/;

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`openssl ${args[0]} failed: ${stderr || String(error)}`);
  }
}

export async function createTestCa(dir: string): Promise<TestCa> {
  await mkdir(dir, { recursive: true });
  const caFile = join(dir, 'ca.pem');
  const caKeyFile = join(dir, 'ca.key');
  await openssl([
    'req',
    '-x509',
    ...EC_KEY_ARGS,
    '-keyout',
    caKeyFile,
    '-out',
    caFile,
    '-days',
    CA_VALIDITY_DAYS,
    '-subj',
    `/CN=Harbor stack test CA ${randomBytes(4).toString('hex')}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
  ]);
  await chmod(caKeyFile, 0o600);
  const caPem = await readFile(caFile, 'utf8');

  async function issue(name: string, sans: string[]): Promise<ServerCertificate> {
    if (!SAFE_NAME.test(name)) throw new Error(`certificate name must be a plain word: ${name}`);
    if (sans.length === 0 || !sans.every((san) => SAN_ENTRY.test(san))) {
      throw new Error(`subject alternative names must look like IP:… or DNS:…, got ${sans.join(',')}`);
    }
    const keyFile = join(dir, `${name}.key`);
    const csrFile = join(dir, `${name}.csr`);
    const certFile = join(dir, `${name}.pem`);
    const extFile = join(dir, `${name}.ext`);
    await writeFile(
      extFile,
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${sans.join(',')}`,
        'authorityKeyIdentifier=keyid',
        '',
      ].join('\n'),
    );
    await openssl(['req', '-new', ...EC_KEY_ARGS, '-keyout', keyFile, '-out', csrFile, '-subj', `/CN=${name}`]);
    await chmod(keyFile, 0o600);
    await openssl([
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      caFile,
      '-CAkey',
      caKeyFile,
      '-set_serial',
      `0x${randomBytes(16).toString('hex')}`,
      '-days',
      SERVER_VALIDITY_DAYS,
      '-extfile',
      extFile,
      '-out',
      certFile,
    ]);
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    return { certFile, keyFile, certPem, keyPem };
  }

  return { caFile, caPem, issue };
}
