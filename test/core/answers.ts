// The vendor's documented answers (seeds/kantega-sso-5.7.0-rest-api.txt and the 3.0 page diff),
// made valid JSON. Owned here: the example tests (decode.test.ts, the simulator's replay) compare
// against them, and the property tests mutate them as their starting points.

/** The free-text purpose the 3.0 page gives every token it describes. */
export const PURPOSE = "Longer free-text optional description about the token's purpose";

/** GET info/1.0/ping. */
export const documentedPing = {
  datetime: '2022-04-09T05:10:06.160+02:00[Europe/Oslo]',
  response: 'pong',
  timestamp: 1649473806160,
};

/** GET snapshot/1.0/config/snapshot/: newest first. */
export const documentedSnapshots = [
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

/** 5.7.0 GET apitokens/2.0/admin/tokens: the name comes in `description` (the documented bug). */
export const documentedAdminTokens20 = {
  allApiTokens: [
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
    {
      timeUntilExpiryDays: '29',
      createdAt: '2022-01-04T18:00:20',
      createdAtMillis: 1641315620320,
      timeUntilExpiryMillis: 2533177720,
      description: 'User token 1',
      id: 97,
      expiresAt: '2022-02-03T18:00',
      username: 'john.doe',
    },
  ],
};

type TokenRecord = Readonly<Record<string, unknown>>;
const [admin130, admin129, admin98, admin97] = documentedAdminTokens20.allApiTokens;

/** The user list the pages show for john.doe: his two tokens, asked for later (less time left). */
const userTokens = (from: (record: TokenRecord) => TokenRecord) => [
  { ...from(admin98), timeUntilExpiryMillis: 15493838324 },
  { ...from(admin97), timeUntilExpiryMillis: 2533816318 },
];

/** 5.7.0 GET apitokens/2.0/user/tokens as john.doe: a bare array, the name in `description`. */
export const documentedUserTokens20 = userTokens((record) => record);

/**
 * A record as API 3.0 sends it: the name in `tokenName` where `description` stood, then the
 * purpose in `description`; the same fields otherwise, in the same order.
 */
function in30(record: TokenRecord, tokenName = record.description): TokenRecord {
  return Object.fromEntries(
    Object.entries(record).flatMap(([key, value]) =>
      key === 'description'
        ? [
            ['tokenName', tokenName],
            ['description', PURPOSE],
          ]
        : [[key, value]],
    ),
  );
}

/**
 * GET apitokens/3.0/admin/tokens, with the vendor's own mix: 129 is renamed "non-expiring2" and
 * has no id, 98 is still in the 2.0 form (name in `description`, no `tokenName`).
 */
export const documentedAdminTokens30 = {
  allApiTokens: [
    in30(admin130),
    Object.fromEntries(Object.entries(in30(admin129, 'non-expiring2')).filter(([key]) => key !== 'id')),
    admin98,
    in30(admin97),
  ],
};

/** GET apitokens/3.0/user/tokens as john.doe. */
export const documentedUserTokens30 = userTokens(in30);

/** POST apitokens/…/user/tokens: 201 answers for a custom name and duration, for `{}`, and forever. */
export const documentedCreated = {
  custom: {
    validForDays: '180',
    expiresAt: '2022-07-03T18:27',
    apiToken: 'YXPTJ2N52YYDDMKDHVYMQW2R7J7KMCJHQMDMUELXPKWDTR4QGRPKKS5BYTAPYAKBCMKKAMF2G3B6ATA2CVN3',
    tokenName: 'Example name',
    description: PURPOSE,
    id: 67,
    expiresAtMillis: 1656865644754,
  },
  defaults: {
    validForDays: '30',
    expiresAt: '2022-02-03T17:29',
    apiToken: 'UEBDRPDHDWL4UKZS6DADIKTBU2WAULTDMR2NL2M2EPTKWMES2LHGISUBP7LRZUQ5N6VAT5LHJS3ZGEI7O2AA',
    tokenName: 'api_token_2022-01-04T17:29:02.042',
    description: '',
    id: 68,
    expiresAtMillis: 1643905742042,
  },
  forever: {
    apiToken: '64MVETBSHR7GFUXYCAPGPSERMOSKLLOQJHCVRXOYHWHGNUUZGUEDJFRARWCBPUZLXCNLZERXUCSB4D3H4TNS',
    validForDays: 'Forever',
    tokenName: 'Example name',
    description: PURPOSE,
    id: 130,
    expiresAt: 'Never',
  },
};

/** 5.7.0 GET apitokens/2.0/user/expiry/status: the name in `apiTokenDescription`. */
export const documentedExpiry = {
  expiresAt: '2022-07-03T15:22',
  apiTokenDescription: 'Token name',
  id: 65,
  timeUntilExpiryMillis: 15541408230,
  timeUntilExpiryDays: '179',
};

// The starting points of the property tests: every documented answer, plus the list wrappers
// real servers use.

export const pingAnswers: readonly unknown[] = [documentedPing];

export const snapshotListAnswers: readonly unknown[] = [documentedSnapshots, { snapshots: documentedSnapshots }];

const tokens30 = documentedAdminTokens30.allApiTokens;

export const tokenListAnswers: readonly unknown[] = [
  documentedAdminTokens20,
  documentedAdminTokens30,
  documentedUserTokens20,
  documentedUserTokens30,
  tokens30.slice(2),
  { apiTokens: tokens30.slice(3) },
];

export const tokenRecords: readonly unknown[] = [
  ...documentedAdminTokens20.allApiTokens,
  ...tokens30,
  ...documentedUserTokens20,
  ...documentedUserTokens30,
];

export const createdTokenAnswers: readonly unknown[] = Object.values(documentedCreated);

export const tokenExpiryAnswers: readonly unknown[] = [documentedExpiry];

/** The vendor's "IDP REST resources (latest)" page: the IdP list, and one IdP's managed groups. */
export const documentedIdentityProviders = [
  { id: '1ncq3jsPC74BGuNnfZPl', name: 'AD FS' },
  { id: 'okta-0oa1b2c3', name: 'Okta' },
];
export const documentedManagedGroups = ['adminGroup', 'adminGroup1', 'adminGroup2'];

export const identityProviderAnswers: readonly unknown[] = [documentedIdentityProviders];
export const managedGroupAnswers: readonly unknown[] = [
  documentedManagedGroups,
  ['jira-users', 'jira-users', 'Jira-Users', 42, null, '', ' ', { name: 'x' }, 'z'],
];
