/** Configuration the app (packages/app) reads in the browser. */
export interface Config {
  /** Pier's own settings. */
  pier?: {
    /** The sign-in page. */
    signIn?: {
      /**
       * Sign-in methods the sign-in page offers, in order (`oidc`: the company IdP locally and in
       * production). Read in the browser, so it must be frontend-visible.
       * @visibility frontend
       */
      providers?: string[];
    };
  };
}
