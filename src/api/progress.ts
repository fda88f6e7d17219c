/** The progress page: per-area progress (as `dojo progress`), the due forecast, coverage and answers per day. */
import { z } from "zod";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Share = z.number().min(0).max(1);

export const AreaProgressRow = z.object({
  area: z.string(),
  cards: z.number().int(),
  seen: z.number().int(),
  retention: Share.nullable(),
  dueNow: z.number().int(),
  coverage: Share.nullable(),
  /** Last 5 attempts' mean coverage minus the 5 before (null with fewer than 10). */
  trend: z.number().min(-1).max(1).nullable(),
});
export type AreaProgressRow = z.infer<typeof AreaProgressRow>;

export const ProgressResponse = z.object({
  answered: z.number().int(),
  /** Weakest areas first. */
  areas: z.array(AreaProgressRow),
  /** Cards coming due per UTC day, today (overdue included) first, 14 days. */
  forecast: z.array(z.object({ day: Day, due: z.number().int() })),
  /** Days the rolling mean spans. */
  rollingDays: z.number().int(),
  /** One row per UTC day, oldest first, ending today. */
  timeline: z.array(z.object({ day: Day, attempts: z.number().int(), coverage: Share.nullable(), rollingCoverage: Share.nullable() })),
});
export type ProgressResponse = z.infer<typeof ProgressResponse>;
