/** The baseline's only activity: does nothing but tell the bench (in the same process) that it ran. */
export function createBaselineActivities(ran: (id: string) => void) {
  return {
    async noop(id: string): Promise<void> {
      ran(id);
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
