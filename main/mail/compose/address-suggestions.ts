import type { Address } from '../../../shared/mail-models';
import type { Db } from '../../store/database';

const likePattern = (text: string) => `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** Addresses seen in stored mail (from, to, cc) starting with the prefix, most used then most recent first. */
export function suggestAddresses(db: Db, prefix: string, accountId: string | null, limit = 10): Address[] {
  return db
    .prepare<{ pattern: string; wordPattern: string; accountId: string | null; limit: number }, Address>(
      `WITH mine AS (SELECT * FROM messages WHERE @accountId IS NULL OR account_id = @accountId),
       seen (name, address, date) AS (
         SELECT from_name, from_address, date FROM mine
         UNION ALL SELECT json_extract(j.value, '$.name'), json_extract(j.value, '$.address'), mine.date FROM mine, json_each(mine.to_json) j
         UNION ALL SELECT json_extract(j.value, '$.name'), json_extract(j.value, '$.address'), mine.date FROM mine, json_each(mine.cc_json) j
       )
       SELECT MAX(name) AS name, LOWER(address) AS address FROM seen
       WHERE address <> '' AND (address LIKE @pattern ESCAPE '\\' OR name LIKE @pattern ESCAPE '\\' OR name LIKE @wordPattern ESCAPE '\\')
       GROUP BY LOWER(address) ORDER BY COUNT(*) DESC, MAX(date) DESC LIMIT @limit`,
    )
    .all({ pattern: likePattern(prefix), wordPattern: `% ${likePattern(prefix)}`, accountId, limit })
    .map((row) => ({ name: row.name ?? '', address: row.address }));
}
