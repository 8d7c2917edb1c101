/** The apps the test suite runs with: the two demo apps of SPEC.md, and one with low limits for the limiter tests. */
export const DEMO_APP = {
  sdkappid: 1400000000,
  key: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
  admin: "administrator",
};
export const SECOND_APP = {
  sdkappid: 1400000001,
  key: "121ec6ec39d0dfbc503b7511c44f224400fd38cb1ecfdc542d87fa9b861f19c1",
  admin: "administrator",
};
/** Low limits so the limiter tests stay small: 10/s by default, 5/s for get_group_info. */
export const LIMITED_APP = {
  sdkappid: 1400000002,
  key: "test-only-key-of-the-limited-app",
  admin: "ops_admin",
};

/** Limits far above what a test can offer, for tests about something else than the limiter under load. */
export const UNLIMITED_APP = {
  sdkappid: 1400000003,
  key: "test-only-key-of-the-unlimited-app",
  admin: "bulk_admin",
};

export const TEST_APPS_JSON = JSON.stringify([
  { sdkappid: DEMO_APP.sdkappid, key: DEMO_APP.key, admins: [DEMO_APP.admin, "second_admin"] },
  { sdkappid: SECOND_APP.sdkappid, key: SECOND_APP.key, admins: [SECOND_APP.admin] },
  { sdkappid: LIMITED_APP.sdkappid, key: LIMITED_APP.key, admins: [LIMITED_APP.admin], limits: { default: 10, get_group_info: 5 } },
  { sdkappid: UNLIMITED_APP.sdkappid, key: UNLIMITED_APP.key, admins: [UNLIMITED_APP.admin], limits: { default: 1_000_000 } },
]);
