// Server certificates a client must refuse, made with the openssl CLI for one test run: expired
// (issued by a CA the client trusts), and self-signed. Unknown-CA and wrong-name certificates
// come from createTestCa() in test-ca.ts.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ServerCertificate } from './types';

const run = promisify(execFile);
const EC_KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const LEAF_EXTENSIONS = ['basicConstraints=critical,CA:FALSE', 'extendedKeyUsage=serverAuth'];

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args).catch((error: { stderr?: string }) => {
    throw new Error(`openssl ${args[0]} failed: ${error.stderr?.trim() ?? String(error)}`);
  });
}

async function readCertificate(certFile: string, keyFile: string): Promise<ServerCertificate> {
  const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { certFile, keyFile, certPem, keyPem };
}

/** A certificate for `san` (like 'IP:127.0.0.1') that signs itself. */
export async function selfSignedCertificate(dir: string, san: string): Promise<ServerCertificate> {
  await mkdir(dir, { recursive: true });
  const [certFile, keyFile] = [join(dir, 'self-signed.pem'), join(dir, 'self-signed.key')];
  await openssl(
    [
      'req',
      '-x509',
      ...EC_KEY_ARGS,
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=self-signed',
    ].concat([...LEAF_EXTENSIONS, `subjectAltName=${san}`].flatMap((extension) => ['-addext', extension])),
  );
  return readCertificate(certFile, keyFile);
}

/** A certificate for `san` that expired yesterday, and the PEM of the (valid) CA that issued it. */
export async function expiredCertificate(dir: string, san: string): Promise<{ caPem: string } & ServerCertificate> {
  await mkdir(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  await openssl(
    ['req', '-x509', ...EC_KEY_ARGS, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2']
      .concat(['-subj', `/CN=Harbor expiring-test CA ${randomBytes(4).toString('hex')}`])
      .concat(['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
  );
  await writeFile(file('expired.ext'), [...LEAF_EXTENSIONS, `subjectAltName=${san}`, ''].join('\n'));
  await openssl(
    ['req', '-new', ...EC_KEY_ARGS, '-keyout', file('expired.key'), '-out', file('expired.csr')].concat([
      '-subj',
      '/CN=expired',
    ]),
  );
  await openssl(
    ['x509', '-req', '-in', file('expired.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key')]
      .concat(['-set_serial', `0x${randomBytes(16).toString('hex')}`, '-days', '-1'])
      .concat(['-extfile', file('expired.ext'), '-out', file('expired.pem')]),
  );
  const certificate = await readCertificate(file('expired.pem'), file('expired.key'));
  return { ...certificate, caPem: await readFile(file('ca.pem'), 'utf8') };
}
