// Which change runs where: one change per item (a token being deleted, a snapshot restored) and one
// configuration change per instance, so that a second click never sends a second DELETE or restore.
// The tree draws what runs; commands meet a ChangeRunningError when they would start a second one.

/** A change refused because another runs on the same item or instance; `running` says what ("restoring…"). */
export class ChangeRunningError extends Error {
  constructor(
    message: string,
    readonly running: string,
  ) {
    super(message);
  }
}

export class RunningChanges {
  /** What runs on which key (a tree item's id), e.g. "deleting…". */
  private readonly labels = new Map<string, string>();

  /** `onChange` hears the instance's name whenever a change on it starts or ends. */
  constructor(private readonly onChange: (instanceName: string) => void) {}

  /** What runs on `key` now, if anything. */
  label(key: string): string | undefined {
    return this.labels.get(key);
  }

  /** Runs `work` as the one change on `key`; refuses with `refusal(running)` while another runs there. */
  async hold<T>(
    instanceName: string,
    key: string,
    label: string,
    refusal: (running: string) => string,
    work: () => Promise<T>,
  ): Promise<T> {
    const running = this.labels.get(key);
    if (running) throw new ChangeRunningError(refusal(running), running);
    this.labels.set(key, label);
    this.onChange(instanceName);
    try {
      return await work();
    } finally {
      this.labels.delete(key);
      this.onChange(instanceName);
    }
  }
}
