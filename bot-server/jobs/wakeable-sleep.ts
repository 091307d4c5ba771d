/**
 * The wait between two passes of a polling loop, which new work can cut short: a wake that
 * arrives while no wait is under way makes the next wait return at once, so no wake is lost
 * between a pass and the sleep after it.
 */
export class WakeableSleep {
  private wakeUp: (() => void) | undefined;
  private woken = false;

  /** Ends the current wait now, or the next one as soon as it starts. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Ends the current wait, if one is under way (for stopping the loop). */
  interrupt(): void {
    this.wakeUp?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = undefined;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
