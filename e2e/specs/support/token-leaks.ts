import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

// Looks for tokens where they must never be. Besides the clear text, a token is searched for in
// base64 at each of the three byte alignments, in both alphabets, which also finds it inside an
// encoded XOAUTH2 or OAUTHBEARER string whatever comes before it.

export interface Haystack {
  name: string;
  content: string | Buffer;
}

/** The token itself and the part of its base64 encoding that does not depend on its neighbours. */
export function encodedForms(token: string): string[] {
  const forms = new Set([token]);
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(token)]).toString('base64');
    const stable = encoded.slice(offset === 0 ? 0 : 4, -4);
    forms.add(stable);
    forms.add(stable.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...forms];
}

/** One line per haystack that holds a token in any form; names the token by its index only. */
export function tokenSightings(haystacks: Haystack[], tokens: string[]): string[] {
  const sightings: string[] = [];
  for (const { name, content } of haystacks) {
    tokens.forEach((token, index) => {
      if (encodedForms(token).some((form) => content.includes(form))) sightings.push(`${name} holds token #${index}`);
    });
  }
  return sightings;
}

/** Every file under `dir`, named relative to it. */
export async function filesUnder(dir: string): Promise<Haystack[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return { name: path.relative(dir, file), content: await readFile(file) };
      }),
  );
}

/**
 * Every place a token must never be, once a worker's specs are done: the browser host's output,
 * every file of the app's config folder (the store, its WAL, config.json, saved attachments) and
 * the mail stack's logs. Checked against every token the authorization server issued in the run.
 */
export async function tokensLeftBehind(run: {
  issuedTokens: string[];
  hostOutput: string[];
  configDir: string;
  stackDir: string;
}): Promise<string[]> {
  const appFiles = await filesUnder(run.configDir);
  const stackLogs = (await filesUnder(run.stackDir)).filter((file) => file.name.endsWith('.log'));
  return tokenSightings(
    [{ name: 'browser host output', content: run.hostOutput.join('\n') }, ...appFiles, ...stackLogs],
    run.issuedTokens,
  );
}
