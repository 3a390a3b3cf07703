import { createDb, type Db } from '../../db/client';

/** The running app's own database (e2e tests prepare people the browser then signs in as). */
export function appDb(): Db {
  const url = process.env.APP_DATABASE_URL;
  if (!url) throw new Error('APP_DATABASE_URL is not set: run the tests with `npm test`.');
  return createDb(url, { max: 2 });
}
