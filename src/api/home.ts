/** The home page: what is due, the streak, the review heatmap, weakest areas, last run, next step. */
import { z } from "zod";
import { IsoDate } from "./common.js";

export const HomeResponse = z.object({
  cards: z.number().int(),
  areas: z.number().int(),
  due: z.number().int(),
  /** Katas due, most overdue first. */
  katasDue: z.array(z.string()),
  /** Incidents due (a count: their names would give the answers away). */
  incidentsDue: z.number().int(),
  nextDue: IsoDate.nullable(),
  answered: z.number().int(),
  streakDays: z.number().int(),
  /** Reviews per UTC day over the last 12 weeks, oldest first (84 days ending today). */
  heatmap: z.array(z.object({ day: z.string(), reviews: z.number().int() })),
  weakestAreas: z.array(z.object({ area: z.string(), retention: z.number().nullable(), coverage: z.number().nullable() })),
  lastRun: z
    .object({ id: z.string(), status: z.string(), stepsDone: z.number().int(), stepsTotal: z.number().int(), valLoss: z.number().nullable() })
    .nullable(),
  next: z.object({ label: z.string(), why: z.string(), href: z.string(), command: z.string() }),
});
export type HomeResponse = z.infer<typeof HomeResponse>;
