/** What the Node-side global setup hands to the tests in the Workers runtime (vitest `provide`/`inject`). */
export interface OfficialSigs {
  /** Unix seconds at which they were made (TLS.time). */
  madeAt: number;
  identifier: string;
  /** genUserSig(identifier, 86400). */
  plain: string;
  /** genPrivateMapKey: carries TLS.userbuf. */
  withUserbuf: string;
  /** Same document deflated at zlib level 0 (stored blocks) to 9. */
  byLevel: string[];
}

declare module "vitest" {
  export interface ProvidedContext {
    /** UserSigs made by the official generator (npm tls-sig-api-v2) in Node, see global-setup.ts. */
    officialSigs: OfficialSigs;
  }
}
