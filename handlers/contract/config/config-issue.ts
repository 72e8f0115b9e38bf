/** A problem across fields of the configuration, which its schema reports: where it lies and what to do. */
export interface ConfigIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}
