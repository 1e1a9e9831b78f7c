// The vendor's documented answers (seeds/kantega-sso-5.7.0-rest-api.txt and the 3.0 page diff),
// made valid JSON: the starting points that the property tests mutate.

export const pingAnswers: readonly unknown[] = [
  { datetime: '2022-04-09T05:10:06.160+02:00[Europe/Oslo]', response: 'pong', timestamp: 1649473806160 },
];

const snapshotRecords = [
  {
    applicationName: 'JIRA',
    applicationVersion: '8.16.1',
    pluginVersion: '5.2.1-SNAPSHOT',
    baseUrl: 'https://elisor-p1:8443/jira',
    timeMillis: 1641298623998,
    description: 'test',
    filename: 'sso-snapshot-2022-01-04-13_17_04.zip',
    id: 'sso-snapshot-2022-01-04-13_17_04',
    readable: true,
  },
  {
    applicationName: 'JIRA',
    applicationVersion: '8.16.1',
    pluginVersion: '5.2.1-SNAPSHOT',
    baseUrl: 'https://elisor-p1:8443/jira',
    timeMillis: 1641224273947,
    description: 'Backup before upgrade of config from version [unknown version] to 5.2.1-SNAPSHOT',
    filename: 'sso-snapshot-2022-01-03-16_37_53.zip',
    id: 'sso-snapshot-2022-01-03-16_37_53',
    readable: true,
  },
];

export const snapshotListAnswers: readonly unknown[] = [snapshotRecords, { snapshots: snapshotRecords }];

const description = "Longer free-text optional description about the token's purpose";

/** API 2.0 (5.7.0): the name comes in `description`. */
const tokens20 = [
  {
    createdAt: '2022-01-05T08:41:31',
    createdAtMillis: 1641368491561,
    description: 'non-expiring',
    id: 130,
    expiresAt: 'Never',
    username: 'admin',
  },
  {
    timeUntilExpiryDays: '29',
    createdAt: '2022-01-05T08:41:02',
    createdAtMillis: 1641368462114,
    timeUntilExpiryMillis: 2586019515,
    description: 'non-expiring',
    id: 129,
    expiresAt: '2022-02-04T08:41',
    username: 'admin',
  },
  {
    timeUntilExpiryDays: '179',
    createdAt: '2022-01-04T18:00:42',
    createdAtMillis: 1641315642318,
    timeUntilExpiryMillis: 15493199718,
    description: 'Google drive service',
    id: 98,
    expiresAt: '2022-07-03T19:00',
    username: 'john.doe',
  },
];

/** API 3.0, with the vendor's own mix: a record without id, one with only `description`. */
const tokens30 = [
  {
    createdAt: '2022-01-05T08:41:31',
    createdAtMillis: 1641368491561,
    tokenName: 'non-expiring',
    description,
    id: 130,
    expiresAt: 'Never',
    username: 'admin',
  },
  {
    timeUntilExpiryDays: '29',
    createdAt: '2022-01-05T08:41:02',
    createdAtMillis: 1641368462114,
    timeUntilExpiryMillis: 2586019515,
    tokenName: 'non-expiring2',
    description,
    expiresAt: '2022-02-04T08:41',
    username: 'admin',
  },
  tokens20[2],
  {
    timeUntilExpiryDays: '29',
    createdAt: '2022-01-04T18:00:20',
    createdAtMillis: 1641315620320,
    timeUntilExpiryMillis: 2533177720,
    tokenName: 'User token 1',
    description,
    id: 97,
    expiresAt: '2022-02-03T18:00',
    username: 'john.doe',
  },
];

export const tokenListAnswers: readonly unknown[] = [
  { allApiTokens: tokens20 },
  { allApiTokens: tokens30 },
  tokens30.slice(2),
  { apiTokens: tokens30.slice(3) },
];

export const tokenRecords: readonly unknown[] = [...tokens20, ...tokens30];

export const createdTokenAnswers: readonly unknown[] = [
  {
    validForDays: '180',
    expiresAt: '2022-07-03T18:27',
    apiToken: 'YXPTJ2N52YYDDMKDHVYMQW2R7J7KMCJHQMDMUELXPKWDTR4QGRPKKS5BYTAPYAKBCMKKAMF2G3B6ATA2CVN3',
    tokenName: 'Example name',
    description,
    id: 67,
    expiresAtMillis: 1656865644754,
  },
  {
    validForDays: '30',
    expiresAt: '2022-02-03T17:29',
    apiToken: 'UEBDRPDHDWL4UKZS6DADIKTBU2WAULTDMR2NL2M2EPTKWMES2LHGISUBP7LRZUQ5N6VAT5LHJS3ZGEI7O2AA',
    tokenName: 'api_token_2022-01-04T17:29:02.042',
    description: '',
    id: 68,
    expiresAtMillis: 1643905742042,
  },
  {
    apiToken: '64MVETBSHR7GFUXYCAPGPSERMOSKLLOQJHCVRXOYHWHGNUUZGUEDJFRARWCBPUZLXCNLZERXUCSB4D3H4TNS',
    validForDays: 'Forever',
    tokenName: 'Example name',
    description,
    id: 130,
    expiresAt: 'Never',
  },
];

export const tokenExpiryAnswers: readonly unknown[] = [
  {
    expiresAt: '2022-07-03T15:22',
    apiTokenDescription: 'Token name',
    id: 65,
    timeUntilExpiryMillis: 15541408230,
    timeUntilExpiryDays: '179',
  },
];
